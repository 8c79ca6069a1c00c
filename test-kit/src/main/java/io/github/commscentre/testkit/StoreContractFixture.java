package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.github.commscentre.testkit.StoreTestData.newOrganisationId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every part of the store contract shares: the store, two fresh random organisations per test (so that
 * one store may serve every test without cleaning up), and short ways to read and write through a unit of work.
 * Helpers go through {@link CommunicationStore#read} and {@link CommunicationStore#write} exactly as the facade
 * does, so a part tests the store and nothing else.
 */
abstract class StoreContractFixture {

    /** Text that trips up encodings, escaping and normalisation; no U+0000 and no lone surrogate, as the facade ensures. */
    static final String TRICKY = "Ünïcödé ✓ 😀 👩‍👩‍👧‍👦 🇬🇧 שלום עליכם مرحبا بكم e\u0301 a\u0308\u0323 \u00C5 \u212B A\u030A "
            + "'single' \"double\" `back` back\\slash \\n \\u0000 '; DROP TABLE communication; -- % _ [x] {y} $1 ?"
            + " \t tab \n newline \r\n crlf \u200B zero-width \uFEFF bom \u202E reversed \uFFFD";

    /**
     * @return the store under test; may be the same instance for every test, since each test uses fresh
     *         random organisation ids
     */
    abstract CommunicationStore store();

    /** The organisation of this test. */
    String org;
    /** An organisation that must never see {@link #org}'s rows. */
    String otherOrg;

    @BeforeEach
    void freshOrganisations() {
        org = newOrganisationId();
        otherOrg = newOrganisationId();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    <T> T read(String organisationId, Function<StoreTransaction, T> work) {
        return store().read(organisationId, work::apply);
    }

    void write(String organisationId, Consumer<StoreTransaction> work) {
        store().write(organisationId, tx -> {
            work.accept(tx);
            return null;
        });
    }

    void insert(Communication... communications) {
        write(communications[0].organisationId(), tx -> {
            for (Communication c : communications) {
                tx.insertCommunication(c);
            }
        });
    }

    void insert(List<Communication> communications) {
        insert(communications.toArray(new Communication[0]));
    }

    void insertRecipients(List<Recipient> recipients) {
        write(recipients.get(0).organisationId(), tx -> tx.insertRecipients(recipients));
    }

    /**
     * @return recipients of a new communication of {@code organisationId}, accepted by a provider under the message ids
     *         given (one recipient each, a {@code null} id giving one without), as stored
     */
    List<Recipient> accepted(String organisationId, String... providerMessageIds) {
        Communication c = StoreTestData.communication(organisationId).build();
        insert(c);
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < providerMessageIds.length; i++) {
            recipients.add(StoreTestData.recipient(c, "unit-" + i, i + 1).status(DeliveryStatus.ACCEPTED)
                    .providerMessageId(providerMessageIds[i]).attempts(1).build());
        }
        insertRecipients(recipients);
        return recipients;
    }

    void append(String organisationId, AuditEvent... events) {
        write(organisationId, tx -> {
            tx.tryLockAuditChain().orElseThrow();
            tx.appendAuditEvents(List.of(events));
        });
    }

    /**
     * Stores a communication with recipients {@code unit-1 ... unit-count} at positions 1 to {@code count}, inserted in
     * an order other than their positions, and then moves it to sending, as the facade does (a database refuses
     * recipients of a communication being sent).
     *
     * @return the communication as stored, sending, at version 1
     */
    Communication sendingWith(String organisationId, int count) {
        Communication draft = StoreTestData.communication(organisationId).build();
        insert(draft);
        List<Recipient> recipients = new ArrayList<>();
        for (int position = count; position >= 1; position--) {
            recipients.add(StoreTestData.recipient(draft, "unit-" + position, position).build());
        }
        if (!recipients.isEmpty()) {
            insertRecipients(recipients);
        }
        Communication sending = StoreTestData.CommunicationBuilder.from(draft).nextVersion().sending().build();
        write(organisationId, tx -> assertThat(tx.updateCommunication(sending, 0)).isTrue());
        return sending;
    }

    Optional<Communication> find(String organisationId, UUID id) {
        return read(organisationId, tx -> tx.findCommunication(id));
    }

    List<Recipient> recipientsOf(String organisationId, UUID communicationId) {
        return read(organisationId, tx -> tx.listRecipients(communicationId, null, 0, Integer.MAX_VALUE));
    }

    List<AuditEvent> allEvents(String organisationId) {
        return read(organisationId, tx -> {
            List<AuditEvent> events = new ArrayList<>();
            tx.forEachAuditEvent(events::add);
            return events;
        });
    }

    List<CommunicationSummary> listAll(String organisationId, CommunicationFilter filter, int pageSize) {
        List<CommunicationSummary> all = new ArrayList<>();
        CommunicationKey after = null;
        for (int pages = 0; ; pages++) {
            if (pages > 100_000) {
                fail("paging did not end");
            }
            CommunicationKey from = after;
            List<CommunicationSummary> page = read(organisationId, tx -> tx.listCommunications(filter, from, pageSize));
            assertThat(page.size()).isLessThanOrEqualTo(pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            CommunicationSummary last = page.get(page.size() - 1);
            after = new CommunicationKey(last.createdAt(), last.id());
        }
    }

    static CommunicationKey keyOf(Communication c) {
        return new CommunicationKey(c.createdAt(), c.id());
    }

    static String padded(String prefix, int length) {
        StringBuilder s = new StringBuilder(prefix);
        while (s.length() < length) {
            s.append('x');
        }
        assertThat(s).hasSize(length);
        return s.toString();
    }

    static void withSeed(long seed, Runnable test) {
        try {
            test.run();
        } catch (AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with new Random(" + seed + "L)): " + e.getMessage(), e);
        }
    }
}
