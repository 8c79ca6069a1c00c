package io.github.commscentre.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.Recipient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.testkit.BehaviourChecks.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verifyAuditTrail} notices any edit made to the stored data behind the facade's back, at the first
 * broken sequence.
 */
abstract class TamperEvidenceBehaviour extends BehaviourFixture {

    private static final Logger LOG = LoggerFactory.getLogger(TamperEvidenceBehaviour.class);

    /**
     * @return direct access to the same store's data, bypassing the facade, to prove that
     *         {@code verifyAuditTrail} notices edits; may throw when the store refuses an edit (a database trigger)
     */
    abstract StoreTampering tampering();

    private Communication sent;
    private Communication draftWithRecipient;
    private List<AuditEvent> chain;

    /** Events 1-4 belong to a sent communication, 5-6 to a draft; the other organisation has a chain too. */
    @BeforeEach
    void buildAChain() {
        Communication c = draft();
        tick();
        centre.update(admin, c.id(), CommunicationChanges.builder().subject("Section 20: roof and gutter works").build());
        tick();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
        tick();
        sent = centre.markSent(admin, c.id());
        draftWithRecipient = draft();
        tick();
        centre.addRecipients(admin, draftWithRecipient.id(), List.of("b1"));
        Communication theirs = centre.create(otherAdmin, notice("Theirs").build());
        centre.markSent(otherAdmin, theirs.id());
        chain = orgEvents();
        assertThat(chain).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED, AuditEventType.UPDATED,
                AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT, AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED);
        assertThat(chain).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).isTrue();
        assertThat(v.eventsChecked()).isEqualTo(6);
    }

    /**
     * Runs the tampering and expects verification to break at {@code sequence}; when the store refused the edit
     * (a database trigger), expects the data untouched and the chain intact instead.
     */
    private void expectBrokenAt(long sequence, Runnable tamper) {
        List<AuditEvent> before = orgEvents();
        Communication sentBefore = current(sent.id());
        List<Recipient> recipientsBefore = recipients(sent.id());
        try {
            tamper.run();
        } catch (RuntimeException refused) {
            // Expected on a database whose guards refuse the edit: worth a line when debugging, never in a build.
            LOG.debug("the store refused the tampering, so it must have changed nothing", refused);
            assertThat(orgEvents()).as("a refused edit changes nothing").isEqualTo(before);
            assertThat(current(sent.id())).isEqualTo(sentBefore);
            assertThat(recipients(sent.id())).isEqualTo(recipientsBefore);
            AuditVerification v = centre.verifyAuditTrail(admin);
            assertThat(v.intact()).isTrue();
            assertThat(v.eventsChecked()).isEqualTo(6);
            return;
        }
        AuditVerification v = centre.verifyAuditTrail(member);
        assertThat(v.intact()).as("tampering is detected").isFalse();
        assertThat(v.firstBrokenSequence()).as("first broken sequence (%s)", v.firstProblem().orElse(null)).hasValue(sequence);
        assertThat(v.firstProblem()).hasValueSatisfying(p -> assertThat(p).isNotBlank());
        assertThat(centre.verifyAuditTrail(otherAdmin).intact()).as("another organisation's chain is unaffected").isTrue();
    }

    @Test
    void anEditedDetailIsDetected() {
        String key = chain.get(1).details().containsKey("subject.new") ? "subject.new"
                : chain.get(1).details().keySet().iterator().next();
        expectBrokenAt(2, () -> tampering().changeAuditEventDetail(org, 2, key, "Forged subject"));
    }

    @Test
    void anEditedDetailOfTheSentEventIsDetected() {
        expectBrokenAt(4, () -> tampering().changeAuditEventDetail(org, 4, "recipientCount", "1"));
    }

    @Test
    void anEditedDetailOfTheLastEventIsDetected() {
        expectBrokenAt(6, () -> tampering().changeAuditEventDetail(org, 6, "added", "7"));
    }

    @Test
    void aDeletedEventIsDetected() {
        expectBrokenAt(3, () -> tampering().deleteAuditEvent(org, 3));
    }

    @Test
    void aDeletedFirstEventIsDetected() {
        expectBrokenAt(1, () -> tampering().deleteAuditEvent(org, 1));
    }

    @Test
    void aDeletedLastEventIsDetected() {
        expectBrokenAt(6, () -> tampering().deleteAuditEvent(org, 6));
    }

    @Test
    void anInsertedCopyOfAnEventIsDetected() {
        AuditEvent copied = chain.get(2);
        AuditEvent last = chain.get(5);
        expectBrokenAt(7, () -> tampering().insertAuditEvent(new AuditEvent(UUID.randomUUID(), org, 7,
                copied.communicationId(), copied.recipientId(), copied.type(), copied.actorUserId(), copied.occurredAt(),
                copied.details(), copied.unitIds(), last.hash(), copied.hash())));
    }

    @Test
    void anInsertedForgedEventIsDetected() {
        AuditEvent last = chain.get(5);
        expectBrokenAt(7, () -> tampering().insertAuditEvent(new AuditEvent(UUID.randomUUID(), org, 7,
                sent.id(), null, AuditEventType.UPDATED, "admin-1", last.occurredAt().plusSeconds(1),
                Map.of("changedFields", "subject", "subject.old", sent.subject(), "subject.new", "Forged"), List.of(),
                last.hash(), sha256("forged"))));
    }

    @Test
    void swappedEventsAreDetected() {
        expectBrokenAt(2, () -> tampering().swapAuditEvents(org, 2, 3));
    }

    @Test
    void swappedEventsOfDifferentCommunicationsAreDetected() {
        expectBrokenAt(4, () -> tampering().swapAuditEvents(org, 4, 5));
    }

    @Test
    void anEditedSentCommunicationIsDetectedAtItsSentEvent() {
        expectBrokenAt(4, () -> tampering().changeCommunicationSubject(org, sent.id(), "Forged subject"));
    }
}
