package io.github.commscentre.testkit;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.AuditVerification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.commscentre.AuditEventType.CREATED;
import static io.github.commscentre.AuditEventType.RECIPIENTS_ADDED;
import static io.github.commscentre.AuditEventType.SENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verifyAuditTrail} holds the chain to the lifecycle of the contract: {@code created} or {@code duplicated} first
 * and once, nothing but delivery statuses after {@code sent} or {@code failed}, nothing after {@code deleted}; for
 * pending events too, which have no sequence yet.
 */
abstract class LifecycleVerificationBehaviour extends VerificationFixture {

    @Test
    void anUpdateAfterSentIsALifecycleFinding() {
        expectFinding(Kind.LIFECYCLE, 7L, sent.id(), () -> appendForged(AuditEventType.UPDATED, sent.id(),
                Map.of("changedFields", "subject", "subject.old", sent.subject(), "subject.new", "Forged"), List.of()));
    }

    @Test
    void recipientsAddedAfterSentIsALifecycleFinding() {
        expectFinding(Kind.LIFECYCLE, 7L, sent.id(), () -> appendForged(RECIPIENTS_ADDED, sent.id(), Map.of("added", "1"),
                List.of("a3")));
    }

    @Test
    void aSecondSentEventIsALifecycleFinding() {
        expectFinding(Kind.LIFECYCLE, 7L, sent.id(), () -> appendForged(SENT, sent.id(), chain.get(2).details(), List.of()));
    }

    @Test
    void aFailedEventAfterSentIsALifecycleFinding() {
        expectFinding(Kind.LIFECYCLE, 7L, sent.id(), () -> appendForged(AuditEventType.FAILED, sent.id(),
                withDetail(chain.get(2), "reason", "printer jammed").details(), List.of()));
    }

    @Test
    void aDeletedEventAfterSentIsTheOnlyFindingWhenTheRowIsGoneToo() {
        AuditVerification v = afterTampering(() -> {
            // The row first: where the database refuses that, nothing has changed yet.
            tampering().deleteCommunicationRow(org, sent.id());
            appendForged(AuditEventType.DELETED, sent.id(), Map.of("status", "sent"), List.of());
        }, true);
        if (v != null) {
            assertThat(v.findings()).as("the deleted event accounts for the missing row").singleElement()
                    .satisfies(f -> assertFinding(f, Kind.LIFECYCLE, 7L, sent.id()));
            assertThat(v.firstBrokenSequence()).hasValue(7);
        }
    }

    @Test
    void anEventAfterDeletedIsALifecycleFinding() {
        centre.delete(admin, draft.id());
        chain = orgEvents();
        expectFinding(Kind.LIFECYCLE, 8L, draft.id(), () -> appendForged(AuditEventType.UPDATED, draft.id(),
                Map.of("changedFields", "notes", "notes.new", "forged"), List.of()));
    }

    @Test
    void anEventBeforeItsCommunicationWasCreatedIsALifecycleFinding() {
        UUID unknown = UUID.randomUUID();
        expectFinding(Kind.LIFECYCLE, 7L, unknown, () -> appendForged(AuditEventType.UPDATED, unknown,
                Map.of("changedFields", "notes", "notes.new", "forged"), List.of()));
    }

    @Test
    void aSecondCreatedEventIsALifecycleFinding() {
        expectFinding(Kind.LIFECYCLE, 7L, draft.id(), () -> appendForged(CREATED, draft.id(), chain.get(4).details(), List.of()));
    }

    @Test
    void aPendingEventBreakingTheLifecycleIsAFindingWithoutASequence() {
        expectFinding(Kind.LIFECYCLE, null, sent.id(), () -> tampering().insertAuditEvent(pending(sent.id())));
    }

}
