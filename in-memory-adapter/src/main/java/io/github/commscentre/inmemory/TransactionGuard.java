package io.github.commscentre.inmemory;

import java.util.Objects;

/**
 * Who may use a transaction, when and for what: only the thread that runs its unit of work, only until the work
 * returns, writes only in a write unit of work, and records only of the organisation it was opened for. The
 * organisation's lock protects the data only from the thread that holds it, hence the thread check.
 */
final class TransactionGuard {

    private final String organisationId;
    private final boolean writable;
    private final Thread owner = Thread.currentThread();
    /** Volatile so that a transaction leaked to another thread is seen closed there too. */
    private volatile boolean open = true;

    /**
     * @param organisationId the organisation the transaction was opened for
     * @param writable       whether it belongs to a write unit of work
     */
    TransactionGuard(String organisationId, boolean writable) {
        this.organisationId = organisationId;
        this.writable = writable;
    }

    /** From now on every check fails: the unit of work has returned. */
    void close() {
        open = false;
    }

    /** @throws IllegalStateException after the unit of work, or on a thread other than the one running it */
    void checkRead() {
        if (!open) {
            throw new IllegalStateException("this StoreTransaction is only valid during its unit of work");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("this StoreTransaction belongs to thread " + owner.getName()
                    + " and may not be used by " + Thread.currentThread().getName());
        }
    }

    /** @throws IllegalStateException as {@link #checkRead()}, and inside a read unit of work */
    void checkWrite() {
        checkRead();
        if (!writable) {
            throw new IllegalStateException("write operations are not allowed in a read unit of work");
        }
    }

    /**
     * @param recordOrganisationId the organisation of the record to be written
     * @throws IllegalStateException    as {@link #checkWrite()}
     * @throws IllegalArgumentException if the record belongs to another organisation
     */
    void checkWrite(String recordOrganisationId) {
        checkWrite();
        checkOrganisation(recordOrganisationId);
    }

    /** @throws IllegalArgumentException if the record belongs to another organisation */
    void checkOrganisation(String recordOrganisationId) {
        Objects.requireNonNull(recordOrganisationId, "organisationId must not be null");
        if (!recordOrganisationId.equals(organisationId)) {
            throw new IllegalArgumentException("this unit of work was started for organisation "
                    + organisationId + ", not " + recordOrganisationId);
        }
    }
}
