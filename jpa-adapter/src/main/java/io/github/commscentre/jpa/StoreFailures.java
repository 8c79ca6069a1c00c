package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import org.hibernate.HibernateException;
import org.hibernate.exception.LockAcquisitionException;

import java.sql.SQLException;

/**
 * Turns the persistence layer's failures into the library's one exception type, so that no JPA, Hibernate
 * or JDBC exception reaches the host. A concurrent transaction winning is {@code CONFLICT} (safe to re-read
 * and retry); anything else is {@code UNAVAILABLE} with the original attached.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param failure what the persistence layer threw
     * @param action  what the store was doing, for the message
     * @return the exception to throw instead; a {@link CommunicationCentreException} unchanged
     */
    static CommunicationCentreException translate(Throwable failure, String action) {
        if (failure instanceof CommunicationCentreException) {
            return (CommunicationCentreException) failure;
        }
        if (isConcurrencyConflict(failure)) {
            return new CommunicationCentreException(ErrorCode.CONFLICT,
                    "a concurrent change won while " + action + "; re-read and retry", failure);
        }
        return CommunicationCentreException.unavailable("the communication store failed while " + action, failure);
    }

    /**
     * For a failure of a whole unit of work: the work's own exceptions (the facade's
     * {@code CommunicationCentreException}, or anything else it throws) leave unchanged; persistence exceptions (from
     * commit, flush, or a misbehaving work) are translated. An {@link Error} is rethrown at once.
     *
     * @return the exception to throw
     */
    static RuntimeException passThroughOrTranslate(Throwable failure, String action) {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (isPersistenceFailure(failure)) {
            return translate(failure, action);
        }
        return (RuntimeException) failure;
    }

    /** @return whether the throwable comes from the persistence layer (and so must be translated) */
    static boolean isPersistenceFailure(Throwable failure) {
        return failure instanceof PersistenceException
                || failure instanceof HibernateException
                || failure instanceof SQLException;
    }

    static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EntityExistsException
                    || t instanceof PessimisticLockException
                    || t instanceof LockTimeoutException
                    || t instanceof OptimisticLockException
                    || t instanceof LockAcquisitionException
                    || t instanceof org.hibernate.PessimisticLockException
                    || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
            if (t instanceof SQLException) {
                for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
                    if (isConflictState(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * SQL states that mean "another transaction got there first": unique violation (23505), any transaction
     * rollback class 40 (serialization failure 40001, deadlock 40P01), PostgreSQL's lock_not_available
     * (55P03), H2's lock timeout (HYT00) and H2's concurrent update of a row (90131).
     */
    static boolean isConflictState(String sqlState) {
        if (sqlState == null) {
            return false;
        }
        return sqlState.equals("23505")
                || sqlState.startsWith("40")
                || sqlState.equals("55P03")
                || sqlState.equals("HYT00")
                || sqlState.equals("90131");
    }

    /**
     * @param emf the store's factory
     * @return a new entity manager; a failure to open one reaches the facade as {@code UNAVAILABLE}
     */
    static jakarta.persistence.EntityManager openEntityManager(jakarta.persistence.EntityManagerFactory emf) {
        try {
            return emf.createEntityManager();
        } catch (RuntimeException e) {
            throw translate(e, "opening an entity manager");
        }
    }
}
