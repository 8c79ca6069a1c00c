package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A call that fails inside the host's transaction before it wrote anything (not found, bad input, a state check, a
 * refused role) leaves that transaction committable: the host catches the exception, goes on, and commits its own rows
 * and the calls that succeeded. Only a failure after a write, or of a statement, marks it rollback-only (the store-level
 * cases are in {@link JpaAdapterTest}). Subclasses supply the database.
 */
abstract class HostTransactionFailuresTest {

    abstract PerClassDatabase classDatabase();

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "admin-1");
    private final Caller member = Caller.member(org, "member-1");
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory().addUnits(org, "block-1", "unit-", 3)
            .addBlock(org, "empty-block");

    private CommunicationCentre separate;
    private Communication sent;
    private Communication draftWithoutBlock;
    private Communication draftOfAnEmptyBlock;
    private Recipient opened;

    @BeforeEach
    void someRecordsExist() {
        separate = JpaAdapterTest.centre(classDatabase().store(), directory);
        sent = separate.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "already sent").blockId("block-1").build());
        separate.addBlockRecipients(admin, sent.id());
        opened = separate.listRecipients(admin, sent.id(), RecipientFilter.all(), PageRequest.first(1)).items().get(0);
        separate.updateRecipientStatus(admin, opened.id(), DeliveryStatus.OPENED);
        separate.markSent(admin, sent.id());
        draftWithoutBlock = separate.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "no block").build());
        draftOfAnEmptyBlock = separate.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "empty block")
                .blockId("empty-block").build());
    }

    @Test
    void caughtFailuresBeforeAnyWriteLeaveTheHostTransactionCommittableWithItsOwnRowsAndTheCallsThatSucceeded() {
        UUID unknown = UUID.randomUUID();
        Map<String, Runnable> failing = new LinkedHashMap<>();
        failing.put("NOT_FOUND getById", () -> joinedCentre().getById(admin, unknown));
        failing.put("NOT_FOUND update", () -> joinedCentre().update(admin, unknown, CommunicationChanges.builder().subject("x").build()));
        failing.put("NOT_FOUND delete", () -> joinedCentre().delete(admin, unknown));
        failing.put("NOT_FOUND auditTrail", () -> joinedCentre().auditTrail(admin, unknown));
        failing.put("NOT_FOUND listRecipients", () -> joinedCentre().listRecipients(admin, unknown, RecipientFilter.all(), PageRequest.first()));
        failing.put("NOT_FOUND updateRecipientStatus", () -> joinedCentre().updateRecipientStatus(admin, unknown, DeliveryStatus.OPENED));
        failing.put("BAD_REQUEST create", () -> joinedCentre().create(admin, NewCommunication.builder(CommunicationType.NOTICE, " ").build()));
        failing.put("BAD_REQUEST addRecipients of no unit here", () -> joinedCentre().addRecipients(admin, draftWithoutBlock.id(), List.of("elsewhere")));
        failing.put("BAD_REQUEST addBlockRecipients without block", () -> joinedCentre().addBlockRecipients(admin, draftWithoutBlock.id()));
        failing.put("BAD_REQUEST addBlockRecipients of an empty block", () -> joinedCentre().addBlockRecipients(admin, draftOfAnEmptyBlock.id()));
        failing.put("BAD_REQUEST list with a forged cursor", () -> joinedCentre().list(admin, CommunicationFilter.all(), PageRequest.after("forged", 10)));
        failing.put("CONFLICT update of a sent one", () -> joinedCentre().update(admin, sent.id(), CommunicationChanges.builder().subject("x").build()));
        failing.put("CONFLICT delete of a sent one", () -> joinedCentre().delete(admin, sent.id()));
        failing.put("CONFLICT markSent of a sent one", () -> joinedCentre().markSent(admin, sent.id()));
        failing.put("CONFLICT send of a sent one", () -> joinedCentre().send(admin, sent.id()));
        failing.put("CONFLICT addRecipients to a sent one", () -> joinedCentre().addRecipients(admin, sent.id(), List.of("unit-1")));
        failing.put("CONFLICT a backward delivery status", () -> joinedCentre().updateRecipientStatus(admin, opened.id(), DeliveryStatus.DELIVERED));
        failing.put("FORBIDDEN a member's write", () -> joinedCentre().create(member, NewCommunication.builder(CommunicationType.NOTICE, "x").build()));

        EntityManager host = classDatabase().hostFactory().createEntityManager();
        this.host = host;
        Communication createdAfterwards;
        try {
            host.getTransaction().begin();
            hostWritesABlockOfItsOwn(host, "written-before");

            failing.forEach((name, call) -> {
                Throwable thrown = catchThrowable(call::run);
                assertThat(thrown).as(name).isInstanceOf(CommunicationCentreException.class);
                assertThat(((CommunicationCentreException) thrown).code()).as(name).isEqualTo(ErrorCode.valueOf(name.split(" ")[0]));
                assertThat(host.getTransaction().getRollbackOnly()).as(name + " leaves the host's transaction usable").isFalse();
            });

            createdAfterwards = joinedCentre().create(admin, NewCommunication.builder(CommunicationType.NOTICE, "after the failures").build());
            hostWritesABlockOfItsOwn(host, "written-after");
            host.getTransaction().commit();
        } finally {
            host.close();
        }

        assertThat(blocksOfTheHost()).containsExactly("written-after", "written-before");
        assertThat(separate.getById(admin, createdAfterwards.id()).communication()).isEqualTo(createdAfterwards);
        assertThat(separate.verifyAuditTrail(admin).intact()).isTrue();
    }

    @Test
    void aCaughtFailureAfterTheStoreWroteStillMarksTheHostTransactionRollbackOnly() {
        EntityManager host = classDatabase().hostFactory().createEntityManager();
        this.host = host;
        try {
            host.getTransaction().begin();
            JpaCommunicationStore joined = JpaCommunicationStore.builder(classDatabase().hostFactory()).entityManagerProvider(() -> host).build();
            Communication draft = separate.getById(admin, draftWithoutBlock.id()).communication();
            Throwable thrown = catchThrowable(() -> joined.write(org, tx -> {
                tx.deleteCommunication(draft.id(), draft.version());
                throw CommunicationCentreException.conflict("a rule broken after the delete");
            }));
            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(host.getTransaction().getRollbackOnly()).isTrue();
            host.getTransaction().rollback();
        } finally {
            host.close();
        }
        assertThat(separate.getById(admin, draftWithoutBlock.id()).communication()).isEqualTo(draftWithoutBlock);
    }

    private EntityManager host;

    private CommunicationCentre joinedCentre() {
        return JpaAdapterTest.centre(JpaCommunicationStore.builder(classDatabase().hostFactory())
                .entityManagerProvider(() -> host).build(), directory);
    }

    private void hostWritesABlockOfItsOwn(EntityManager host, String blockId) {
        host.createNativeQuery("insert into cc_directory_block (organisation_id, block_id) values (?, ?)")
                .setParameter(1, org).setParameter(2, blockId).executeUpdate();
    }

    private List<String> blocksOfTheHost() {
        try (Connection connection = classDatabase().database().connect();
             PreparedStatement statement = connection.prepareStatement(
                     "select block_id from cc_directory_block where organisation_id = ? order by block_id")) {
            statement.setString(1, org);
            List<String> blocks = new java.util.ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    blocks.add(rs.getString(1));
                }
            }
            return blocks;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
