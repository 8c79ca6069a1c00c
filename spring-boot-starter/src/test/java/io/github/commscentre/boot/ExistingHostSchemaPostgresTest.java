package io.github.commscentre.boot;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An existing host schema on PostgreSQL ({@code COMMS_TEST_POSTGRES_URL}; skipped, saying so, when unset). */
class ExistingHostSchemaPostgresTest extends ExistingHostSchemaTest {

    @BeforeAll
    static void requirePostgres() {
        TestDatabases.assumePostgres();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String schema = TestDatabases.newPostgresSchema();
        String url = TestDatabases.postgresUrl(schema);
        hostSchemaBeforeTheStarter(url, null, null);
        registry.add("spring.datasource.url", () -> url);
        registry.add(TestDatabases.POSTGRES_SCHEMA_PROPERTY, () -> schema);
    }
}
