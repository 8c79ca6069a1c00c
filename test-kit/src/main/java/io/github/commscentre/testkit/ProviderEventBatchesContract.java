package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.ProviderEventRecord;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider event ids recorded where new, answering which those were, which a store may do in one round trip: per
 * organisation and provider, the ones seen before left as they are.
 */
abstract class ProviderEventBatchesContract extends StoreContractFixture {

    private static final String PROVIDER = "postmark";
    private static final Instant RECEIVED = Instant.parse("2026-03-10T10:00:00.000123Z");

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
