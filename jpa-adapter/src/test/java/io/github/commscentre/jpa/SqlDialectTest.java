package io.github.commscentre.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dialect is chosen once, from Hibernate's, and a database nobody tests is refused rather than guessed at. */
class SqlDialectTest {

    @Test
    void postgresqlAndH2EachGetTheirOwnDialect() {
        assertThat(SqlDialect.of(new PostgreSQLDialect())).isInstanceOf(PostgresDialect.class);
        assertThat(SqlDialect.of(new org.hibernate.dialect.H2Dialect())).isInstanceOf(H2Dialect.class);
    }

    @Test
    void anotherDatabaseIsRefusedNamingTheSupportedOnesAndTheOneFound() {
        assertThatThrownBy(() -> SqlDialect.of(new MySQLDialect()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PostgreSQL and H2")
                .hasMessageContaining("MySQL");
    }

    @Test
    void aStoreOverAFactoryOfAnotherDatabaseIsRefusedWhenItIsBuilt() {
        // Hibernate is told the database rather than asked, so no MySQL is needed: the data source is never used.
        JdbcDataSource unused = new JdbcDataSource();
        unused.setURL("jdbc:h2:mem:never_opened_" + UUID.randomUUID().toString().replace("-", ""));
        PersistenceConfiguration configuration = new PersistenceConfiguration("mysql-" + UUID.randomUUID())
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, unused)
                .property(AvailableSettings.DIALECT, MySQLDialect.class.getName())
                .property("hibernate.boot.allow_jdbc_metadata_access", false);
        JpaCommunicationStore.entityClasses().forEach(configuration::managedClass);
        EntityManagerFactory emf = new HibernatePersistenceProvider().createEntityManagerFactory(configuration);
        try {
            assertThatThrownBy(() -> JpaCommunicationStore.builder(emf).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PostgreSQL and H2")
                    .hasMessageContaining("MySQL");
            assertThat(emf.isOpen()).as("the host's factory is left as it was").isTrue();
        } finally {
            emf.close();
        }
    }
}
