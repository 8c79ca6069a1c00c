package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.ErrorCode;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which persistence failures mean "a concurrent change won" and which mean "the store failed". */
class StoreFailuresTest {

    @Test
    void uniqueViolationsLockFailuresSerializationFailuresAndDeadlocksAreConflicts() {
        for (String state : List.of("23505", "40001", "40P01", "55P03", "HYT00", "90131")) {
            CommunicationCentreException translated = StoreFailures.translate(
                    new PersistenceException("wrapped", new SQLException("from the driver", state)), "testing");
            assertThat(translated.code()).as(state).isEqualTo(ErrorCode.CONFLICT);
            assertThat(translated).hasRootCauseInstanceOf(SQLException.class);
        }
        assertThat(StoreFailures.translate(new EntityExistsException("exists"), "testing").code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(StoreFailures.translate(new PessimisticLockException("locked"), "testing").code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void aConflictReportedOnlyByTheNextExceptionOfABatchIsStillAConflict() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 was aborted", "08000", new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        ConstraintViolationException hibernate = new ConstraintViolationException("could not execute batch", batch, null);
        assertThat(StoreFailures.translate(hibernate, "inserting").code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void everythingElseIsUnavailableWithTheCauseAttached() {
        for (String state : List.of("23503", "23000", "23514", "08001", "42P01", "P0001")) {
            PersistenceException failure = new PersistenceException("wrapped", new SQLException("from the driver", state));
            CommunicationCentreException translated = StoreFailures.translate(failure, "testing");
            assertThat(translated.code()).as(state).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(translated.getCause()).isSameAs(failure);
            assertThat(translated.getMessage()).contains("testing");
        }
        assertThat(StoreFailures.translate(new IllegalStateException("closed"), "testing").code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void theLibrarysOwnExceptionPassesThroughUnchanged() {
        CommunicationCentreException own = CommunicationCentreException.notFound("communication x not found");
        assertThat(StoreFailures.translate(own, "testing")).isSameAs(own);
    }
}
