package io.github.commscentre.jpa;

import io.github.commscentre.spi.CommunicationStore.StoreWork;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FlushModeType;
import org.hibernate.Session;

/**
 * Runs read work without a transaction of its own, where one statement already sees one consistent view and
 * beginning and ending a transaction would cost two more round trips. Work that makes a second call, or streams,
 * throws {@link NeedsTransaction} from that call, and the store runs it again in a transaction.
 */
final class AutoCommitReads {

    private final EntityManagerFactory emf;
    private final SqlDialect dialect;
    private final int batchSize;

    AutoCommitReads(EntityManagerFactory emf, SqlDialect dialect, int batchSize) {
        this.emf = emf;
        this.dialect = dialect;
        this.batchSize = batchSize;
    }

    /** @throws NeedsTransaction when the work turns out to need a transaction */
    <T> T run(String organisationId, StoreWork<T> work) {
        EntityManager em = StoreFailures.openEntityManager(emf);
        try {
            Session session = em.unwrap(Session.class);
            session.setDefaultReadOnly(true);
            em.setFlushMode(FlushModeType.COMMIT);
            T result = work.execute(new JpaStoreTransaction(em, organisationId, dialect, true, batchSize, true));
            endImplicitTransaction(session);
            return result;
        } catch (RuntimeException | Error e) {
            try {
                endImplicitTransaction(em.unwrap(Session.class));
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw StoreFailures.passThroughOrTranslate(e, "reading");
        } finally {
            try {
                em.close();
            } catch (RuntimeException ignored) {
                // The failure of the read, if any, is the one reported.
            }
        }
    }

    /**
     * A pool that hands out connections with auto-commit off has begun a transaction under the statement: end it
     * here rather than leave it to the pool. With auto-commit on (the usual case) this costs no round trip.
     */
    private static void endImplicitTransaction(Session session) {
        session.doWork(connection -> {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        });
    }
}
