package io.github.commscentre.boot;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Liquibase host on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped, saying so, when unset). */
class LiquibaseHostPostgresTest extends LiquibaseHostTest {

    @BeforeAll
    static void requirePostgres() {
        TestDatabases.assumePostgres();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
