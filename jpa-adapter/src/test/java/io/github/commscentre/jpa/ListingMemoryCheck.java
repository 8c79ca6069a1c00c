package io.github.commscentre.jpa;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * Run by {@link ListingWithoutBodiesTest} in a JVM of its own with {@code -Xmx256m}, over 101 communications the test
 * stored beforehand whose bodies are as large as the facade allows in the worst case for memory (1,000,000
 * characters, each outside the Basic Multilingual Plane: 4 MB of UTF-8 and 4 MB as a Java string): lists a page of
 * 100 through the facade, and the next page, and reads one with its body. Prints {@code OK} and exits 0; runs out of
 * memory (exit 3) if a listing carries the bodies.
 *
 * <p>The rows are stored by the test's own JVM, not here: an embedded H2 keeps the rows it has been given in this
 * heap until its background writer saves them, and on a busy machine that writer falls far enough behind to fill
 * 256 MB, which would fail the check for a reason that has nothing to do with listing.
 */
public final class ListingMemoryCheck {

    /** The largest body the facade stores, in characters; each character here is an emoji, two UTF-16 units. */
    static final int BODY_CHARACTERS = 1_000_000;

    private ListingMemoryCheck() {
    }

    /** @param args the JDBC URL of a migrated database, and the organisation whose 101 communications it lists */
    public static void main(String[] args) {
        DataSource dataSource = dataSource(args[0]);
        String org = args[1];

        JpaCommunicationStore store = JpaCommunicationStore.standalone(dataSource);
        CommunicationCentre centre = CommunicationCentre.builder().store(store).directory(new InMemoryPropertyDirectory()).build();
        Caller member = Caller.member(org, "reader");
        Page<CommunicationSummary> page = centre.list(member, CommunicationFilter.all(), PageRequest.first(100));
        Page<CommunicationSummary> rest = centre.list(member, CommunicationFilter.all(), PageRequest.after(page.nextCursor(), 100));
        String body = centre.getById(member, page.items().get(0).id()).communication().bodyHtml();
        if (page.items().size() != 100 || rest.items().size() != 1 || body.codePointCount(0, body.length()) != BODY_CHARACTERS) {
            System.out.println("FAIL listed " + page.items().size() + " and " + rest.items().size() + ", body of "
                    + body.codePointCount(0, body.length()) + " characters");
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "OK listed 101 communications with bodies of %,d characters (%,d bytes of UTF-8 each)"
                + " in a heap of at most %d MB%n", BODY_CHARACTERS, 4L * BODY_CHARACTERS, Runtime.getRuntime().maxMemory() >> 20);
        store.close();
        System.exit(0);
    }

    static DataSource dataSource(String url) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            return h2;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        return postgres;
    }

    /** The database builds each body itself, so that neither the insert nor its parameters cost this heap 4 MB a row. */
    static void insertLargest(DataSource dataSource, String org, int count) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into cc_communication (organisation_id, id,"
                     + " communication_type, subject, body_html, channel, status, created_by, created_at, updated_at, version)"
                     + " values (?, ?, 'notice', ?, concat(?, repeat(?, ?)), 'email', 'draft', 'memory-check', ?, ?, 0)")) {
            Instant start = Instant.parse("2030-01-01T00:00:00Z");
            for (int i = 0; i < count; i++) {
                OffsetDateTime at = OffsetDateTime.ofInstant(start.plusSeconds(i), ZoneOffset.UTC);
                insert.setString(1, org);
                insert.setObject(2, UUID.randomUUID());
                insert.setString(3, "Largest body " + i);
                // each body differs from the others, so that no layer can share one copy between rows
                String prefix = String.format(Locale.ROOT, "%010d", i);
                insert.setString(4, prefix);
                insert.setString(5, "\uD83D\uDE00");
                insert.setInt(6, BODY_CHARACTERS - prefix.length());
                insert.setObject(7, at);
                insert.setObject(8, at);
                insert.executeUpdate();
            }
        }
    }
}
