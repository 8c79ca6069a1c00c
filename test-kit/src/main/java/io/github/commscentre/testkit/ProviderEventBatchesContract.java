package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.LockedRecipients;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two calls a batch of provider events starts with, which a store may answer in one round trip each: the
 * recipients named by id and by provider message id, locked together, within the organisation; and the event ids
 * recorded where new, answering which those were.
 */
abstract class ProviderEventBatchesContract extends StoreContractFixture {

    private static final String PROVIDER = "postmark";
    private static final Instant RECEIVED = Instant.parse("2026-03-10T10:00:00.000123Z");

    private List<Recipient> accepted(String organisationId, String... providerMessageIds) {
        Communication c = communication(organisationId).build();
        insert(c);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < providerMessageIds.length; i++) {
            recipients.add(recipient(c, "unit-" + i, i + 1).status(DeliveryStatus.ACCEPTED)
                    .providerMessageId(providerMessageIds[i]).attempts(1).build());
        }
        insertRecipients(recipients);
        return recipients;
    }

    @Test
    void recipientsNamedByIdAndByMessageIdAreLockedTogetherWithinTheOrganisation() {
        String awkward = "<0100018e.😀'\"\\%_@eu-west-1.amazonses.com>";
        List<Recipient> mine = accepted(org, "msg-1", "msg-2", awkward, "shared", "shared", null);
        List<Recipient> theirs = accepted(otherOrg, "msg-theirs", "msg-1");

        LockedRecipients locked = store().write(org, (StoreTransaction tx) -> tx.lockRecipientsForEvents(
                List.of(mine.get(0).id(), mine.get(3).id(), mine.get(5).id(), theirs.get(0).id(), UUID.randomUUID()),
                List.of("msg-2", awkward, "shared", "msg-theirs", "msg-nowhere")));

        assertThat(locked.idsByProviderMessageId()).as("a message id on two recipients names neither")
                .containsExactlyInAnyOrderEntriesOf(Map.of("msg-2", mine.get(1).id(), awkward, mine.get(2).id()));
        assertThat(locked.byId().keySet()).as("the named ones and those the message ids found, of this organisation")
                .contains(mine.get(0).id(), mine.get(1).id(), mine.get(2).id(), mine.get(3).id(), mine.get(5).id())
                .doesNotContain(theirs.get(0).id(), theirs.get(1).id());
        assertThat(locked.byId().get(mine.get(2).id())).isEqualTo(mine.get(2));
        assertThat(locked.byId().values()).allSatisfy(r -> assertThat(r.organisationId()).isEqualTo(org));

        LockedRecipients none = store().write(org, (StoreTransaction tx) -> tx.lockRecipientsForEvents(List.of(), List.of()));
        assertThat(none.byId()).isEmpty();
        assertThat(none.idsByProviderMessageId()).isEmpty();
    }

    @Test
    void newEventIdsAreRecordedAndThoseSeenBeforeAreAnsweredAsNotRecorded() {
        List<Recipient> mine = accepted(org, "msg-1", "msg-2");
        List<Recipient> theirs = accepted(otherOrg, "msg-1");
        store().write(org, tx -> {
            tx.recordProviderEvents(PROVIDER, List.of(new ProviderEventRecord("evt-old", mine.get(0).id(), RECEIVED)));
            return null;
        });
        store().write(otherOrg, tx -> {
            tx.recordProviderEvents(PROVIDER, List.of(new ProviderEventRecord("evt-new", theirs.get(0).id(), RECEIVED)));
            return null;
        });

        Set<String> recorded = store().write(org, (StoreTransaction tx) -> tx.recordNewProviderEvents(PROVIDER, List.of(
                new ProviderEventRecord("evt-old", mine.get(0).id(), RECEIVED),
                new ProviderEventRecord("evt-new", mine.get(1).id(), RECEIVED),
                new ProviderEventRecord("évt-😀", mine.get(1).id(), RECEIVED))));

        assertThat(recorded).as("another organisation's ids are its own").containsExactlyInAnyOrder("evt-new", "évt-😀");
        assertThat(read(org, (StoreTransaction tx) -> tx.seenProviderEvents(PROVIDER, List.of("evt-old", "evt-new", "évt-😀"))))
                .containsExactlyInAnyOrder("evt-old", "evt-new", "évt-😀");
        assertThat(store().write(org, (StoreTransaction tx) -> tx.recordNewProviderEvents(PROVIDER, List.of(
                new ProviderEventRecord("evt-new", mine.get(1).id(), RECEIVED))))).as("a second time: seen").isEmpty();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.recordNewProviderEvents("another-provider", List.of(
                new ProviderEventRecord("evt-new", mine.get(1).id(), RECEIVED))))).as("per provider").containsExactly("evt-new");
        assertThat(store().write(org, (StoreTransaction tx) -> tx.recordNewProviderEvents(PROVIDER, List.of()))).isEmpty();
    }
}
