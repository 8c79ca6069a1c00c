package io.github.commscentre.examples.snippets;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.RollbackException;

import java.util.function.Function;

// tag::host-transactions[]
/** How a plain-JPA host runs a unit of work: one entity manager and one transaction per request. */
public final class HostTransactions {

    private static final ThreadLocal<EntityManager> CURRENT = new ThreadLocal<>();

    private HostTransactions() {
    }

    /** The entity manager of the unit of work running on this thread, or null outside one. */
    public static EntityManager currentEntityManager() {
        return CURRENT.get();
    }

    /** Runs the work in one transaction: commits it, or rolls it back and rethrows. */
    public static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        CURRENT.set(em);
        try {
            tx.begin();
            T result = work.apply(em);
            if (tx.getRollbackOnly()) {
                // Hibernate's commit would roll back silently here: say so instead of reporting success.
                tx.rollback();
                throw new RollbackException("a call in this transaction failed: nothing was committed");
            }
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            CURRENT.remove();
            em.close();
        }
    }
}
// end::host-transactions[]
