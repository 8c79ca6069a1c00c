package io.github.commscentre.boot;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's Liquibase change log gives the same schema as the shipped Flyway migrations: two databases, one
 * migrated each way, compared table by table (columns, constraints, indexes, triggers), history tables aside.
 */
class LiquibaseMatchesFlywayTest {

    @Test
    void onH2() {
        DataSource byFlyway = h2();
        DataSource byLiquibase = h2();
        FlywayMigrations.migrate(byFlyway, SupportedDatabase.H2, "cc_schema_history");
        LiquibaseMigrations.migrate(byLiquibase, "cc_schema_history");

        List<String> flyway = describeH2(byFlyway);
        assertThat(flyway).anyMatch(line -> line.startsWith("column cc_provider_event."))
                .anyMatch(line -> line.startsWith("trigger "))
                .anyMatch(line -> line.startsWith("index "));
        assertThat(describeH2(byLiquibase)).containsExactlyElementsOf(flyway);
    }

    @Test
    void onPostgres() {
        TestDatabases.assumePostgres();
        String flywaySchema = TestDatabases.newPostgresSchema();
        String liquibaseSchema = TestDatabases.newPostgresSchema();
        try {
            FlywayMigrations.migrate(postgres(flywaySchema), SupportedDatabase.POSTGRESQL, "cc_schema_history");
            LiquibaseMigrations.migrate(postgres(liquibaseSchema), "cc_schema_history");

            List<String> flyway = describePostgres(postgres(flywaySchema), flywaySchema);
            assertThat(flyway).anyMatch(line -> line.startsWith("trigger ")).anyMatch(line -> line.startsWith("index "))
                    .anyMatch(line -> line.startsWith("function "));
            assertThat(describePostgres(postgres(liquibaseSchema), liquibaseSchema)).containsExactlyElementsOf(flyway);
        } finally {
            TestDatabases.dropPostgresSchema(flywaySchema);
            TestDatabases.dropPostgresSchema(liquibaseSchema);
        }
    }

    private static DataSource h2() {
        return new DriverManagerDataSource(TestDatabases.newH2Url(), "sa", "");
    }

    private static DataSource postgres(String schema) {
        return new DriverManagerDataSource(TestDatabases.postgresUrl(schema));
    }

    private static List<String> describeH2(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String ours = "table_schema = 'PUBLIC' and lower(table_name) like 'cc\\_%' and lower(table_name) not like 'cc\\_schema\\_history%'";
        List<String> lines = new ArrayList<>();
        lines.addAll(jdbc.queryForList("select 'column ' || lower(table_name) || '.' || lower(column_name) || ' ' || data_type"
                + " || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' ' || coalesce(column_default, '')"
                + " from information_schema.columns where " + ours + " order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'constraint ' || lower(table_name) || '.' || lower(constraint_name) || ' '"
                + " || constraint_type from information_schema.table_constraints where " + ours + " order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'index ' || lower(i.table_name) || '.' || lower(i.index_name) || ' '"
                + " || lower(c.column_name) || ' ' || c.ordinal_position from information_schema.indexes i"
                + " join information_schema.index_columns c on c.index_schema = i.index_schema and c.index_name = i.index_name"
                + " where i.table_schema = 'PUBLIC' and lower(i.table_name) like 'cc\\_%'"
                + " and lower(i.table_name) not like 'cc\\_schema\\_history%' order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'trigger ' || lower(event_object_table) || '.' || lower(trigger_name) || ' '"
                + " || event_manipulation || ' ' || action_timing from information_schema.triggers"
                + " where lower(event_object_table) like 'cc\\_%' order by 1", String.class));
        return lines;
    }

    private static List<String> describePostgres(DataSource dataSource, String schema) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String ours = "table_schema = '" + schema + "' and table_name not like 'cc\\_schema\\_history%'";
        List<String> lines = new ArrayList<>();
        lines.addAll(jdbc.queryForList("select 'column ' || table_name || '.' || column_name || ' ' || data_type"
                + " || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' '"
                + " || coalesce(replace(column_default, '" + schema + ".', ''), '')"
                + " from information_schema.columns where " + ours + " order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'constraint ' || table_name || '.' || constraint_name || ' ' || constraint_type"
                + " from information_schema.table_constraints where " + ours + " and constraint_name not like '%\\_not\\_null'"
                + " order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'index ' || tablename || '.' || indexname || ' '"
                + " || replace(indexdef, '" + schema + ".', '') from pg_indexes where schemaname = '" + schema + "'"
                + " and tablename not like 'cc\\_schema\\_history%' order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'trigger ' || event_object_table || '.' || trigger_name || ' '"
                + " || event_manipulation || ' ' || action_timing || ' ' || action_orientation"
                + " from information_schema.triggers where trigger_schema = '" + schema + "' order by 1", String.class));
        lines.addAll(jdbc.queryForList("select 'function ' || p.proname || ' ' || md5(p.prosrc) from pg_proc p"
                + " join pg_namespace n on n.oid = p.pronamespace where n.nspname = '" + schema + "' order by 1",
                String.class));
        return lines;
    }
}
