package io.github.commscentre.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A standalone store built from a JDBC URL: on a HikariCP pool of its own (never Hibernate's built-in one), which
 * names itself rather than the URL, closed with the store; Hibernate logging through SLF4J; null arguments refused
 * naming the one that is missing. Subclasses supply the database.
 */
abstract class StandaloneStoreTest {

    abstract PerClassDatabase classDatabase();

    private final Caller admin = Caller.admin("org-" + UUID.randomUUID(), "user-1");

    @Test
    void aStoreFromAUrlAloneServesTheFacadeOnAPoolOfItsOwnThatItClosesAndThatNeverShowsTheUrl() {
        String url = classDatabase().database().jdbcUrl;
        HikariDataSource pool;
        try (JpaCommunicationStore standalone = JpaCommunicationStore.standalone(url)) {
            CommunicationCentre centre = JpaAdapterTest.centre(standalone, new InMemoryPropertyDirectory());
            Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "over a URL").build());
            assertThat(JpaAdapterTest.centre(classDatabase().store(), new InMemoryPropertyDirectory())
                    .getById(admin, c.id()).communication()).isEqualTo(c);

            DataSource connections = connectionsOf(standalone);
            assertThat(connections).as("HikariCP, not Hibernate's built-in pool").isInstanceOf(HikariDataSource.class);
            pool = (HikariDataSource) connections;
            assertThat(pool.getPoolName()).isEqualTo("communication-centre");
            assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
            assertThat(String.valueOf(pool)).as("what Hibernate logs for the connections").doesNotContain("jdbc:");
            assertThat(System.getProperty("org.jboss.logging.provider")).isEqualTo("slf4j");
        }
        assertThat(pool.isClosed()).as("closing the store closes its pool").isTrue();
    }

    @Test
    void nullArgumentsAreRefusedNamingTheMissingOne() {
        String url = classDatabase().database().jdbcUrl;
        assertThatThrownBy(() -> JpaCommunicationStore.standalone((String) null))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("jdbcUrl must not be null");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone((DataSource) null))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("dataSource must not be null");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone(url, null, "secret"))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("user must not be null")
                .hasMessageContaining("standalone(jdbcUrl)");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone(url, "sa", null))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("password must not be null");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone(null, "sa", ""))
                .isInstanceOf(NullPointerException.class).hasMessageStartingWith("jdbcUrl must not be null");
        assertThatThrownBy(() -> JpaCommunicationStore.standalone(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jdbcUrl must not be blank");
    }

    private static DataSource connectionsOf(JpaCommunicationStore store) {
        return store.entityManagerFactory().unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                .requireService(ConnectionProvider.class).unwrap(DataSource.class);
    }
}
