package io.github.commscentre.jpa;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The shipped {@link JdbcPropertyDirectory} over the shipped tables: it reads through the host's transaction, so a unit
 * the host wrote a moment ago in it is found; it reads committed rows outside one; it maps every column. Subclasses
 * supply the database.
 */
abstract class JdbcPropertyDirectoryTest {

    abstract PerClassDatabase classDatabase();

    private final String org = "org-" + UUID.randomUUID();
    private final Caller admin = Caller.admin(org, "admin-1");

    @Test
    void insideTheHostsTransactionAUnitTheHostJustWroteIsFoundAndEverythingCommitsTogether() {
        EntityManager host = classDatabase().hostFactory().createEntityManager();
        JpaCommunicationStore joined = JpaCommunicationStore.builder(classDatabase().hostFactory())
                .entityManagerProvider(() -> host).build();
        CommunicationCentre centre = centre(joined, JdbcPropertyDirectory.over(joined));
        Communication c;
        try {
            host.getTransaction().begin();
            host.createNativeQuery("insert into cc_directory_block (organisation_id, block_id) values (?, 'riverside')")
                    .setParameter(1, org).executeUpdate();
            host.createNativeQuery("insert into cc_directory_unit (organisation_id, unit_id, block_id, leaseholder_name,"
                            + " leaseholder_email, address_line_1, address_town, address_postcode)"
                            + " values (?, 'flat-1', 'riverside', 'Ada Lovelace', 'ada@example.org', '1 Riverside Court', 'Leeds', 'LS1 1AA')")
                    .setParameter(1, org).executeUpdate();

            c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Welcome").blockId("riverside").build());
            AddRecipientsResult added = centre.addRecipients(admin, c.id(), List.of("flat-1"));

            assertThat(added.added()).isEqualTo(1);
            host.getTransaction().commit();
        } finally {
            host.close();
        }
        CommunicationCentre separate = centre(classDatabase().store(), JdbcPropertyDirectory.over(classDatabase().store()));
        Recipient r = separate.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()).items().get(0);
        assertThat(r.unitId()).isEqualTo("flat-1");
        assertThat(r.recipientName()).isEqualTo("Ada Lovelace");
        assertThat(r.recipientEmail()).isEqualTo("ada@example.org");
        assertThat(r.postalAddress()).isEqualTo(PostalAddress.uk("Leeds", "LS1 1AA", "1 Riverside Court"));
    }

    @Test
    void aDirectoryOnConnectionsOfItsOwnCannotSeeWhatTheHostHasNotCommitted() {
        EntityManager host = classDatabase().hostFactory().createEntityManager();
        JpaCommunicationStore joined = JpaCommunicationStore.builder(classDatabase().hostFactory())
                .entityManagerProvider(() -> host).build();
        CommunicationCentre centre = centre(joined, JdbcPropertyDirectory.over(classDatabase().database().dataSource()));
        try {
            host.getTransaction().begin();
            host.createNativeQuery("insert into cc_directory_block (organisation_id, block_id) values (?, 'not-yet')")
                    .setParameter(1, org).executeUpdate();

            Throwable thrown = catchThrowable(() -> centre.create(admin,
                    NewCommunication.builder(CommunicationType.NOTICE, "Too early").blockId("not-yet").build()));

            assertThat(((CommunicationCentreException) thrown).code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(((CommunicationCentreException) thrown).field()).contains("blockId");
            host.getTransaction().rollback();
        } finally {
            host.close();
        }
    }

    @Test
    void outsideATransactionItReadsCommittedRowsAndMapsEveryColumn() throws SQLException {
        try (Connection connection = classDatabase().database().connect()) {
            execute(connection, "insert into cc_directory_block (organisation_id, block_id) values (?, 'b')", org);
            execute(connection, "insert into cc_directory_block (organisation_id, block_id) values (?, 'b')", "other-" + org);
            execute(connection, "insert into cc_directory_unit (organisation_id, unit_id, block_id, leaseholder_name,"
                    + " leaseholder_email, address_line_1, address_line_2, address_line_3, address_line_4, address_town,"
                    + " address_postcode, address_country, sort_order) values (?, 'flat-10', 'b', 'Grace', '  ', 'Line 1',"
                    + " null, 'Line 3', '', 'Paris', '75001', 'France', 2)", org);
            execute(connection, "insert into cc_directory_unit (organisation_id, unit_id, block_id, sort_order)"
                    + " values (?, 'flat-2', 'b', 1)", org);
            execute(connection, "insert into cc_directory_unit (organisation_id, unit_id, block_id) values (?, 'a-unsorted', 'b')", org);
            execute(connection, "insert into cc_directory_unit (organisation_id, unit_id, block_id, leaseholder_name)"
                    + " values (?, 'flat-2', 'b', 'someone else')", "other-" + org);
        }
        PropertyDirectory directory = JdbcPropertyDirectory.over(classDatabase().store());

        assertThat(directory.blockBelongsTo(org, "b")).isTrue();
        assertThat(directory.blockBelongsTo(org, "c")).isFalse();
        assertThat(directory.blockBelongsTo("nobody", "b")).isFalse();
        assertThat(directory.findUnitsInBlock(org, "b")).extracting(UnitRecord::unitId)
                .containsExactly("flat-2", "flat-10", "a-unsorted");
        assertThat(directory.findUnitsInBlock(org, "c")).isEmpty();

        List<String> asked = new ArrayList<>(IntStream.range(0, 50_000).mapToObj(i -> "unknown-" + i).toList());
        asked.addAll(List.of("flat-10", "flat-2"));
        Map<String, UnitRecord> found = directory.findUnits(org, asked);

        assertThat(found).containsOnlyKeys("flat-10", "flat-2");
        assertThat(found.get("flat-10")).isEqualTo(new UnitRecord("flat-10", "b", "Grace", null,
                new PostalAddress(List.of("Line 1", "Line 3"), "Paris", "75001", "France")));
        assertThat(found.get("flat-2")).isEqualTo(new UnitRecord("flat-2", "b", null, null, null));
        assertThat(directory.findUnits(org, List.of())).isEmpty();
    }

    @Test
    void aBlockOfUnitsIsAddedInTheDirectorysOrderThroughTheFacade() throws SQLException {
        try (Connection connection = classDatabase().database().connect()) {
            execute(connection, "insert into cc_directory_block (organisation_id, block_id) values (?, 'tower')", org);
            for (int i = 1; i <= 12; i++) {
                try (PreparedStatement s = connection.prepareStatement("insert into cc_directory_unit (organisation_id,"
                        + " unit_id, block_id, leaseholder_name, sort_order) values (?, ?, 'tower', ?, ?)")) {
                    s.setString(1, org);
                    s.setString(2, "flat-" + i);
                    s.setString(3, "Leaseholder " + i);
                    s.setInt(4, i);
                    s.executeUpdate();
                }
            }
        }
        CommunicationCentre centre = centre(classDatabase().store(), JdbcPropertyDirectory.over(classDatabase().store()));
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM").blockId("tower").build());

        assertThat(centre.addBlockRecipients(admin, c.id()).added()).isEqualTo(12);
        assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(20)).items())
                .extracting(Recipient::unitId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).mapToObj(i -> "flat-" + i).toList());
    }

    private static void execute(Connection connection, String sql, String organisationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, organisationId);
            statement.executeUpdate();
        }
    }

    private static CommunicationCentre centre(JpaCommunicationStore store, PropertyDirectory directory) {
        return CommunicationCentre.builder().store(store).directory(directory).clock(Clock.systemUTC()).build();
    }
}
