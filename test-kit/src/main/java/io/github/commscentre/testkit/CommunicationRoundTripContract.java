package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.testkit.StoreTestData.CommunicationBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.summaries;
import static io.github.commscentre.testkit.StoreTestData.auditEvent;
import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A communication comes back exactly as it was stored: every field, nulls, long and awkward text, instants to
 * the microsecond; an id that is already taken is {@code CONFLICT} and never overwrites the stored row.
 */
abstract class CommunicationRoundTripContract extends StoreContractFixture {

    @Test
    void insertedCommunicationRoundTripsEveryField() {
        Communication c = communication(org).type(CommunicationType.AGM_NOTICE).subject("AGM 2026").bodyHtml("<p>Agenda</p>")
                .blockId("block-a").unitId("unit-1").channel("post").status(CommunicationStatus.SENT)
                .scheduledAt(Instant.parse("2026-04-01T10:00:00.000001Z"))
                .sentAt(Instant.parse("2026-03-02T11:12:13.999999Z")).sentBy("user-sender")
                .failedAt(Instant.parse("2026-03-02T11:12:14.500000Z")).failureReason("partial")
                .notes("ref AGM/2026").createdBy("user-creator")
                .createdAt(Instant.parse("2026-03-01T08:00:00.000007Z")).updatedAt(Instant.parse("2026-03-02T11:12:13.999999Z"))
                .version(7).build();
        insert(c);

        assertThat(find(org, c.id())).contains(c);
        store().write(org, tx -> {
            assertThat(tx.lockCommunication(c.id())).contains(c);
            return null;
        });
        assertThat(read(org, (StoreTransaction tx) -> tx.listCommunications(CommunicationFilter.all(), null, 10)))
                .containsExactlyElementsOf(summaries(c));
        List<Communication> finished = new ArrayList<>();
        store().read(org, tx -> {
            tx.forEachFinishedCommunication(finished::add);
            return null;
        });
        assertThat(finished).containsExactly(c);
    }

    @Test
    void readAnswersAListingOrACountAloneExactlyAsWhenTheWorkMakesMoreCalls() {
        Communication older = communication(org).blockId("block-a").createdAt(Instant.parse("2026-03-01T08:00:00.000001Z")).build();
        Communication newer = communication(org).blockId("block-a").createdAt(Instant.parse("2026-03-01T08:00:00.000002Z")).build();
        Communication elsewhere = communication(org).blockId("block-b").build();
        insert(older);
        insert(newer);
        insert(elsewhere);
        CommunicationFilter filter = CommunicationFilter.builder().blockId("block-a").build();

        List<CommunicationSummary> single = read(org, (StoreTransaction tx) -> tx.listCommunications(filter, null, 10));
        assertThat(single).containsExactlyElementsOf(summaries(newer, older))
                .isEqualTo(read(org, (StoreTransaction tx) -> {
                    tx.countCommunications(filter);
                    return tx.listCommunications(filter, null, 10);
                }));
        CommunicationKey afterNewer = new CommunicationKey(newer.createdAt(), newer.id());
        List<CommunicationSummary> afterIt = read(org, (StoreTransaction tx) -> tx.listCommunications(filter, afterNewer, 10));
        assertThat(afterIt).containsExactlyElementsOf(summaries(older));
        long counted = read(org, (StoreTransaction tx) -> tx.countCommunications(filter));
        assertThat(counted).isEqualTo(2);
        long countedBesideAListing = read(org, (StoreTransaction tx) -> {
            tx.listCommunications(filter, null, 10);
            return tx.countCommunications(filter);
        });
        assertThat(countedBesideAListing).isEqualTo(2);
    }

    @Test
    void optionalFieldsRoundTripAsNull() {
        Communication c = communication(org).bodyHtml(null).blockId(null).unitId(null).scheduledAt(null).sentAt(null)
                .sentBy(null).failedAt(null).failureReason(null).notes(null).build();
        insert(c);

        Communication stored = find(org, c.id()).orElseThrow();
        assertThat(stored).isEqualTo(c);
        assertThat(stored.bodyHtml()).isNull();
        assertThat(stored.notes()).isNull();
        assertThat(stored.blockId()).isNull();
    }

    @Test
    void unusualTextRoundTripsExactly() {
        String body = "<p>" + "abcdefghij".repeat(99_998) + "😀€\"\\'éab</p>";
        body = body + "z".repeat(1_000_000 - body.length());
        assertThat(body).hasSize(1_000_000);
        String weirdOrg = padded("org-Ω'\"\\%_😀-" + UUID.randomUUID(), 100);
        Communication c = communication(weirdOrg)
                .subject("😀".repeat(250))
                .bodyHtml(body)
                .channel(padded("canal ✉ \"quoted\" \\ ", 50))
                .blockId(padded("block-é'\"\\%_😀", 100))
                .unitId(padded("unit-שלום-", 100))
                .notes("né 😀 \"'\\ ".repeat(1000))
                .failureReason(TRICKY)
                .sentBy(padded("user-مرحبا", 100))
                .createdBy(padded("user-👩‍👩‍👧‍👦", 100))
                .build();
        Communication other = communication(weirdOrg).subject(TRICKY).bodyHtml(TRICKY).notes(TRICKY).channel(" padded channel ")
                .createdAt(StoreTestData.BASE.plusSeconds(1)).build();
        insert(c, other);

        Communication stored = find(weirdOrg, c.id()).orElseThrow();
        assertThat(stored).isEqualTo(c);
        assertThat(stored.bodyHtml()).isEqualTo(body);
        assertThat(stored.subject()).isEqualTo(c.subject());
        assertThat(find(weirdOrg, other.id())).contains(other);
        assertThat(read(weirdOrg, (StoreTransaction tx) -> tx.listCommunications(
                CommunicationFilter.builder().blockId(c.blockId()).unitId(c.unitId()).build(), null, 10)))
                .containsExactlyElementsOf(summaries(c));
        assertThat(find(weirdOrg.substring(0, 99) + "y", c.id())).isEmpty();
    }

    @Test
    void instantsKeepTheirMicroseconds() {
        Instant[] instants = {
                Instant.parse("1970-01-01T00:00:00.000001Z"),
                Instant.parse("2026-06-30T23:59:59.999999Z"),
                Instant.parse("2099-12-31T12:00:00.100000Z"),
                Instant.parse("1999-01-01T00:00:00.000010Z"),
        };
        Communication c = communication(org).createdAt(instants[0]).updatedAt(instants[1]).scheduledAt(instants[2])
                .sentAt(instants[3]).failedAt(instants[1]).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).addedAt(instants[3]).updatedAt(instants[1]).deliveredAt(instants[0])
                .openedAt(instants[2]).status(DeliveryStatus.OPENED).build();
        insertRecipients(List.of(r));
        AuditEvent e = auditEvent(org, 1, c.id()).occurredAt(instants[1]).build();
        append(org, e);

        Communication stored = find(org, c.id()).orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(instants[0]);
        assertThat(stored.updatedAt()).isEqualTo(instants[1]);
        assertThat(stored.scheduledAt()).isEqualTo(instants[2]);
        assertThat(stored.sentAt()).isEqualTo(instants[3]);
        assertThat(recipientsOf(org, c.id())).containsExactly(r);
        assertThat(allEvents(org)).containsExactly(e);
        assertThat(allEvents(org).get(0).occurredAt().getNano()).isEqualTo(999_999_000);
    }

    @Test
    void insertingAnExistingIdIsConflictAndKeepsTheStoredRow() {
        Communication c = communication(org).subject("original").build();
        insert(c);
        Communication clash = CommunicationBuilder.from(c).subject("impostor").createdAt(c.createdAt().plusSeconds(5)).build();

        Throwable thrown = catchThrowable(() -> insert(clash));

        assertThat(thrown).isInstanceOf(CommunicationCentreException.class);
        assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(find(org, c.id())).contains(c);
        assertThat(read(org, (StoreTransaction tx) -> tx.countCommunications(CommunicationFilter.all()))).isEqualTo(1);
    }
}
