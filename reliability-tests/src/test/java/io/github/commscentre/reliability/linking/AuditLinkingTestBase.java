package io.github.commscentre.reliability.linking;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.reliability.support.ClassDatabase;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linking after commit on a real database, with two application instances writing to one organisation at once:
 * every event ends linked, once, in one dense chain, and a lost chain-head row costs nothing but its recovery.
 */
abstract class AuditLinkingTestBase {

    private static final int THREADS = 8;
    private static final int UPDATES_PER_THREAD = 30;

    abstract ClassDatabase database();

    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();

    private CommunicationCentre instance() {
        return CommunicationCentre.builder().store(database().newStore()).directory(directory).clock(Clock.systemUTC()).build();
    }

    @Test
    void twoInstancesWritingOneOrganisationAtOnceLeaveOneDenseChainWithNothingPending() throws Exception {
        String org = "org-link-" + UUID.randomUUID();
        Caller admin = Caller.admin(org, "admin");
        for (int i = 1; i <= THREADS; i++) {
            directory.addUnit(org, "b", "u" + i, "Leaseholder " + i, "l" + i + "@example.org");
        }
        CommunicationCentre first = instance();
        CommunicationCentre second = instance();
        Communication c = first.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "busy").blockId("b").build());
        first.addBlockRecipients(admin, c.id());
        first.markSent(admin, c.id());
        List<Recipient> recipients = first.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(100)).items();
        List<Communication> drafts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            drafts.add(first.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "draft " + i).build()));
        }
        long seed = new Random().nextLong();
        System.out.println(getClass().getSimpleName() + " seed " + seed);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> writes = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                CommunicationCentre centre = t % 2 == 0 ? first : second;
                writes.add(pool.submit(() -> {
                    Random random = new Random(seed + thread);
                    start.await();
                    int events = 0;
                    Recipient r = recipients.get(thread);
                    centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
                    events++;
                    for (int i = 0; i < UPDATES_PER_THREAD; i++) {
                        String subject = "draft " + thread + " edit " + i + " " + random.nextInt(1_000);
                        centre.update(admin, drafts.get(thread).id(),
                                io.github.commscentre.CommunicationChanges.builder().subject(subject).build());
                        events++;
                    }
                    return events;
                }));
            }
            start.countDown();
            int written = 0;
            for (Future<Integer> write : writes) {
                written += write.get(120, TimeUnit.SECONDS);
            }
            long before = 3 + THREADS; // created, recipients_added, sent; one created per draft
            long expected = before + written;

            // A call that committed while its instance's linker ran left its events to that linker's next round; the
            // sweeps wait for both instances' linkers (and link anything a linker gave up on) before the chain is read.
            first.linkPendingAuditEvents();
            second.linkPendingAuditEvents();
            assertThat(database().store().organisationsWithPendingAuditEvents(100_000)).doesNotContain(org);
            Caller auditor = Caller.member(org, "auditor");
            assertThat(second.verifyAuditTrail(auditor)).isEqualTo(AuditVerification.intact(expected));
            List<Long> sequences = new ArrayList<>();
            first.auditTrail(auditor, c.id()).forEach(e -> sequences.add(e.sequence()));
            for (Communication draft : drafts) {
                List<AuditEvent> trail = first.auditTrail(auditor, draft.id());
                assertThat(trail).allMatch(AuditEvent::isLinked);
                trail.forEach(e -> sequences.add(e.sequence()));
            }
            assertThat(sequences).as("seed %d", seed)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletedChainHeadRowIsRecoveredFromTheLinkedEvents() throws SQLException {
        String org = "org-head-" + UUID.randomUUID();
        Caller admin = Caller.admin(org, "admin");
        CommunicationCentre centre = instance();
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "first").build());
        centre.update(admin, c.id(), io.github.commscentre.CommunicationChanges.builder().notes("second").build());

        try (Connection connection = database().database().connect();
             PreparedStatement delete = connection.prepareStatement("delete from cc_audit_chain_head where organisation_id = ?")) {
            delete.setString(1, org);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }

        Communication next = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "after the loss").build());
        assertThat(centre.auditTrail(admin, next.id())).extracting(AuditEvent::sequence).containsExactly(3L);
        assertThat(centre.verifyAuditTrail(admin)).isEqualTo(AuditVerification.intact(3));
    }
}
