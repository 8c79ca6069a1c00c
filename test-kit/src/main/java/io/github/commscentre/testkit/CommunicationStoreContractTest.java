package io.github.commscentre.testkit;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.junit.jupiter.api.Nested;

/**
 * The contract every {@link CommunicationStore} keeps, tested directly against {@link StoreTransaction} (not
 * through the facade). A store proves itself by extending this class and implementing {@link #store()}:
 * <pre>{@code
 * class MyStoreTest extends CommunicationStoreContractTest {
 *     private static final MyStore STORE = new MyStore(...);
 *     @Override protected CommunicationStore store() { return STORE; }
 * }
 * }</pre>
 * The same store instance may serve every test: each test works in fresh random organisations, so tests
 * neither see each other's rows nor need any cleanup. Hashes here are arbitrary 64-hex strings: computing and
 * checking them is the facade's job, storing them exactly is the store's.
 *
 * <p>The rules come in one nested group per concern (round trips, listing, compare-and-set, organisation
 * isolation, recipients, the dispatcher's claims, provider events, the audit chain, transactions, concurrency), each
 * asking this class for the store, so that a failure report names the concern that broke.
 */
public abstract class CommunicationStoreContractTest {

    /**
     * @return the store under test; may be the same instance for every test, since each test uses fresh
     *         random organisation ids
     */
    protected abstract CommunicationStore store();

    /** A communication comes back exactly as stored. */
    @Nested
    class CommunicationRoundTrips extends CommunicationRoundTripContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Postal address snapshots, sendingStartedAt, findRecipient. */
    @Nested
    class LetterFields extends LetterFieldsContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Newest first, keyset pages, filters and counts. */
    @Nested
    class CommunicationListing extends CommunicationListingContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Updates and deletes apply only to the version the caller read. */
    @Nested
    class CompareAndSet extends CompareAndSetContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** A unit of work sees and writes its own organisation only. */
    @Nested
    class OrganisationIsolation extends OrganisationIsolationContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Recipients: uniqueness per unit, position order, counts, delivery status by compare-and-set. */
    @Nested
    class Recipients extends RecipientsContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** The dispatcher's look-ups, claims as leases, and outcomes recorded only by the claim's holder. */
    @Nested
    class DispatchClaims extends DispatchClaimsContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Provider events: recipients by provider message id, batch locks, seen event ids, batch compare-and-set. */
    @Nested
    class ProviderEvents extends ProviderEventsContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Provider event ids recorded where new, in the statement that tells which were seen before. */
    @Nested
    class ProviderEventBatches extends ProviderEventBatchesContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** The append-only audit chain. */
    @Nested
    class AuditChain extends AuditChainContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** The Merkle tree's nodes and the signed checkpoints. */
    @Nested
    class ProofStorage extends ProofStorageContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Pending events, linking them once, the chain lock only tried, after-commit actions, detached units of work. */
    @Nested
    class AuditLinking extends AuditLinkingContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** The stream of stored audit events that verification reads. */
    @Nested
    class StoredAuditEvents extends StoredAuditEventsContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** All or nothing per unit of work. */
    @Nested
    class Transactions extends TransactionContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }

    /** Many threads at once. */
    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        CommunicationStore store() {
            return CommunicationStoreContractTest.this.store();
        }
    }
}
