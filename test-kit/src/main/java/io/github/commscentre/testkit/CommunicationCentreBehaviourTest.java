package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.Nested;

/**
 * The facade's behaviour, proved through the public {@link CommunicationCentre} API against a real store: every
 * rule of the behaviour contract (SPEC.md) is a test here, so that the in-memory store host apps test with
 * behaves exactly like the database stores. A store proves itself by extending this class in a few lines:
 * <pre>{@code
 * class MyStoreBehaviourTest extends CommunicationCentreBehaviourTest {
 *     private static final MyStore STORE = new MyStore(...);
 *     @Override protected CommunicationStore store() { return STORE; }
 *     @Override protected StoreTampering tampering() { return new MyStoreTampering(STORE); }
 * }
 * }</pre>
 * The store may be shared by every test: each test works in fresh random organisations. The facade is built
 * per test over the suite's own {@link InMemoryPropertyDirectory} and {@link MutableClock}; the clock carries
 * nanoseconds so that microsecond truncation is visible. Rejected calls must leave the organisation's
 * communications, recipients and audit events exactly as they were.
 *
 * <p>The rules come in one nested group per part of the contract (creating, input rules, the lifecycle table,
 * recipients, delivery, provider events, access, errors, listing, the audit trail, tamper evidence...), each asking this class
 * for the store.
 */
public abstract class CommunicationCentreBehaviourTest {

    /** @return the store under test; may be the same instance for every test */
    protected abstract CommunicationStore store();

    /**
     * @return direct access to the same store's data, bypassing the facade, to prove that
     *         {@code verifyAuditTrail} notices edits; may throw when the store refuses an edit (a database trigger)
     */
    protected abstract StoreTampering tampering();

    /** Creating a communication. */
    @Nested
    class Creating extends CreatingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Every input rule. */
    @Nested
    class InputRules extends InputRulesBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Bodies cleaned of anything active. */
    @Nested
    class HtmlSanitising extends HtmlSanitisingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Which call is allowed in which status. */
    @Nested
    class LifecycleTable extends LifecycleTableBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Updating a communication. */
    @Nested
    class Updating extends UpdatingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Marking sent or failed. */
    @Nested
    class SendingAndFailing extends SendingAndFailingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Sending through the dispatcher. */
    @Nested
    class Dispatch extends DispatchBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Retries, channel failures and lapsed leases of the dispatcher. */
    @Nested
    class DispatchRetries extends DispatchRetryBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Postal addresses and letters. */
    @Nested
    class Letters extends LettersBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Deleting a communication. */
    @Nested
    class Deleting extends DeletingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Duplicating a communication. */
    @Nested
    class Duplicating extends DuplicatingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Adding recipients by unit or block. */
    @Nested
    class AddingRecipients extends AddingRecipientsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** The host directory's answers checked, its failures reported in words of our own. */
    @Nested
    class DirectoryAnswers extends DirectoryAnswersBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Delivery status of each recipient. */
    @Nested
    class DeliveryTracking extends DeliveryTrackingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Provider events applied in batches: matched, applied, duplicate, stale, unknown, audited. */
    @Nested
    class DeliveryEvents extends DeliveryEventsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Provider events refused: malformed calls, bad events, forged tokens, other organisations, other keys. */
    @Nested
    class DeliveryEventsInput extends DeliveryEventsInputBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Reading one communication. */
    @Nested
    class Details extends DetailsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Every page of a listing as a stream, and counts by type. */
    @Nested
    class StreamingLists extends StreamingListsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** The whole trail exported for an outsider's check. */
    @Nested
    class AuditExport extends AuditExportBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Who may call what. */
    @Nested
    class Access extends AccessBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Errors and failures of the ports. */
    @Nested
    class Errors extends ErrorsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Listing communications. */
    @Nested
    class Listing extends ListingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Cursors signed with the facade's key. */
    @Nested
    class CursorSigning extends CursorSigningBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Listing recipients. */
    @Nested
    class ListingRecipients extends ListingRecipientsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** The audit trail. */
    @Nested
    class AuditTrail extends AuditTrailBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** Events linked after commit, whoever links them. */
    @Nested
    class AuditLinking extends AuditLinkingBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** One linker per organisation in an instance: calls that commit while it links do not wait for it. */
    @Nested
    class LinkingRounds extends LinkingRoundsBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }
    }

    /** The stored records are checked against the chain. */
    @Nested
    class RecordVerification extends RecordVerificationBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }

    /** The lifecycle holds along the chain. */
    @Nested
    class LifecycleVerification extends LifecycleVerificationBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }

    /** The verification report and pending events. */
    @Nested
    class PendingVerification extends PendingVerificationBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }

    /** Edits behind the facade's back are noticed. */
    @Nested
    class TamperEvidence extends TamperEvidenceBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }

    /** Signed checkpoints, and tampering after one. */
    @Nested
    class Checkpoints extends CheckpointBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }

    /** Evidence packs, and the erasure of personal data that they survive. */
    @Nested
    class EvidencePacks extends ErasureBehaviour {
        @Override
        CommunicationStore store() {
            return CommunicationCentreBehaviourTest.this.store();
        }

        @Override
        StoreTampering tampering() {
            return CommunicationCentreBehaviourTest.this.tampering();
        }
    }
}
