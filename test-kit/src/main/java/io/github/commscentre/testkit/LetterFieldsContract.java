package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.github.commscentre.testkit.StoreTestData.communication;
import static io.github.commscentre.testkit.StoreTestData.recipient;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What letters need from a store: a recipient's postal address snapshot comes back exactly (four lines, town, postcode,
 * country, each up to 100 characters of any well-formed text), a communication's {@code sendingStartedAt} too, and a
 * recipient can be found by id without a lock.
 */
abstract class LetterFieldsContract extends StoreContractFixture {

    @Test
    void aPostalAddressRoundTripsExactlyAndIsOptionalPartByPart() {
        Communication c = communication(org).build();
        insert(c);
        PostalAddress full = new PostalAddress(List.of(padded("Flat 1, Ünïcödé ✓ 😀 👩‍👩‍👧‍👦 שלום e\u0301 ", 100), "Riverside Court",
                "O'Brien's Lane \\ %_", padded("Zażółć gęślą jaźń ", 100)), padded("Κέρκυρα ", 100), "SW1A 1AA",
                padded("Ελλάδα ", 100));
        PostalAddress linesOnly = new PostalAddress(List.of("1 High Street"), null, null, null);
        Recipient withFull = recipient(c, "unit-1", 1).postalAddress(full).build();
        Recipient withLines = recipient(c, "unit-2", 2).postalAddress(linesOnly).build();
        Recipient without = recipient(c, "unit-3", 3).build();
        insertRecipients(List.of(withFull, withLines, without));

        assertThat(recipientsOf(org, c.id())).containsExactly(withFull, withLines, without);
        assertThat(recipientsOf(org, c.id()).get(0).postalAddress()).isEqualTo(full);
        assertThat(recipientsOf(org, c.id()).get(2).postalAddress()).isNull();
    }

    @Test
    void findRecipientReadsOneWithoutALockAndNeverAnotherOrganisations() {
        Communication c = communication(org).build();
        insert(c);
        Recipient r = recipient(c, "unit-1", 1).postalAddress(PostalAddress.uk("Bath", "BA1 1AA", "2 Royal Crescent")).build();
        insertRecipients(List.of(r));
        assertThat(read(org, (StoreTransaction tx) -> tx.findRecipient(r.id()))).contains(r);
        assertThat(read(org, (StoreTransaction tx) -> tx.findRecipient(UUID.randomUUID()))).isEmpty();
        assertThat(read(otherOrg, (StoreTransaction tx) -> tx.findRecipient(r.id()))).isEmpty();
    }

    @Test
    void sendingStartedAtRoundTripsAndSurvivesTheFinish() {
        Instant started = Instant.parse("2026-03-02T09:00:00.000001Z");
        Communication draft = communication(org).build();
        insert(draft);
        Communication sending = StoreTestData.CommunicationBuilder.from(draft).sending().sendingStartedAt(started)
                .nextVersion().build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(sending, draft.version()))).isTrue();
        assertThat(find(org, draft.id())).contains(sending);
        Communication sent = StoreTestData.CommunicationBuilder.from(sending).sent().nextVersion().build();
        assertThat(store().write(org, (StoreTransaction tx) -> tx.updateCommunication(sent, sending.version()))).isTrue();
        assertThat(find(org, draft.id()).orElseThrow().sendingStartedAt()).isEqualTo(started);
    }
}
