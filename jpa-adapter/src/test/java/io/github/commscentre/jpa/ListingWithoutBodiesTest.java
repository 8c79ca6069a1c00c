package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listing reads no body: the statement does not name the column, and a page of 100 communications with the largest
 * bodies the facade stores fits a 256 MB heap, in a JVM of its own. Subclasses supply the database.
 */
abstract class ListingWithoutBodiesTest {

    /** @return the test class's database */
    abstract PerClassDatabase classDatabase();

    @Test
    void theListingStatementDoesNotNameTheBodyColumn() {
        TestDatabase database = classDatabase().database();
        CountingDataSource counting = new CountingDataSource(database.dataSource());
        CommunicationCentre centre = JpaAdapterTest.centre(
                JpaCommunicationStore.builder(database.hostFactory(counting.dataSource())).build(), new InMemoryPropertyDirectory());
        Caller admin = Caller.admin("org-" + UUID.randomUUID(), "admin");
        String body = "<p>" + "b".repeat(10_000) + "</p>";
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "With a body").bodyHtml(body).build());

        counting.reset();
        assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(10)).items())
                .containsExactly(CommunicationSummary.of(c));
        List<String> listing = counting.sql();
        assertThat(listing).as("the listing's statements").anySatisfy(sql -> assertThat(lower(sql)).contains("cc_communication"))
                .allSatisfy(sql -> assertThat(lower(sql)).doesNotContain("body_html"));

        counting.reset();
        assertThat(centre.getById(admin, c.id()).communication().bodyHtml()).isEqualTo(body);
        assertThat(counting.sql()).as("getById reads the body, so the check above sees the column when it is read")
                .anySatisfy(sql -> assertThat(lower(sql)).contains("body_html"));
    }

    @Test
    void aPageOfOneHundredOfTheLargestBodiesFitsA256MegabyteHeap(@TempDir Path dir) throws IOException, InterruptedException, SQLException {
        String url = memoryCheckDatabase(dir);
        String org = "org-memory-" + UUID.randomUUID();
        ListingMemoryCheck.insertLargest(ListingMemoryCheck.dataSource(url), org, 101);
        Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dorg.jboss.logging.provider=slf4j", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.hibernate=error",
                "-cp", System.getProperty("java.class.path"), ListingMemoryCheck.class.getName(), url, org)
                .redirectErrorStream(true).start();
        boolean finished = check.waitFor(10, TimeUnit.MINUTES);
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            check.destroyForcibly();
        }
        System.out.printf("[%s] %s", classDatabase().database().kind, output);
        assertThat(finished).as("the check finished").isTrue();
        assertThat(check.exitValue()).as("exit code of the check, which printed: %s", output).isZero();
        assertThat(output).contains("OK listed 101 communications");
    }

    /**
     * @return a migrated database the check's JVM can open: PostgreSQL's test schema, or (H2 being in memory here)
     *         an H2 file in {@code dir}, compressed so that 400 MB of emoji take little disk
     */
    private String memoryCheckDatabase(Path dir) {
        TestDatabase database = classDatabase().database();
        if (database.kind == TestDatabase.Kind.POSTGRESQL) {
            return database.jdbcUrl;
        }
        String url = "jdbc:h2:file:" + dir.resolve("memory-check").toAbsolutePath() + ";COMPRESS=TRUE";
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        Flyway.configure().dataSource(h2).locations(database.migrationLocation()).load().migrate();
        return url;
    }

    private static String lower(String sql) {
        return sql.toLowerCase(Locale.ROOT);
    }
}
