package io.github.commscentre.examples.docs;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.examples.AuditExport;
import io.github.commscentre.internal.AuditChain;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the verification recipe of docs/audit-trail.md with exactly the Python printed on that page: a real
 * chain with awkward text in it, stored by the JPA adapter, is exported with {@link AuditExport} and checked by
 * {@code verify_chain.py}; a head recorded before the chain grew still verifies the grown export; tampered copies
 * fail it; and the same chain exported straight from the tables with the page's SQL, in a session whose time zone
 * is not UTC, and converted by {@code rows_to_jsonl.py}, verifies too (H2 always, PostgreSQL when
 * COMMS_TEST_POSTGRES_URL is set). Skipped, with the reason, only when python3 is not installed.
 */
class AuditRecipeTest {

    private static final String PAGE = "docs/audit-trail.md";
    private static final String ORG = "org-recipe-" + UUID.randomUUID();
    private static final String JDBC_URL = "jdbc:h2:mem:recipe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    /** Half an hour off UTC, so that neither the hour nor the date of an instant can pass unconverted. */
    private static final String SESSION_TIME_ZONE = "Asia/Kolkata";

    private static JpaCommunicationStore store;
    /** The export when the head was recorded: events 1 to 10. */
    private static List<String> firstExport;
    /** The head recorded then, as the script prints it: {@code 10:<hash>}. */
    private static String recordedHead;
    /** The export after the chain grew: events 1 to 13, then one pending event. */
    private static List<String> grownExport;
    private static String grownHead;

    @TempDir
    Path dir;

    @BeforeAll
    static void storeAChainRecordItsHeadAndLetItGrow() {
        Flyway.configure().dataSource(JDBC_URL, "sa", "").locations("classpath:db/communication-centre/h2").load().migrate();
        store = JpaCommunicationStore.standalone(JDBC_URL, "sa", "");
        Scenario scenario = new Scenario(store, ORG);

        scenario.firstTenEvents();
        firstExport = export(store, ORG);
        assertThat(firstExport).hasSize(10);
        recordedHead = head(store, ORG);
        assertThat(recordedHead).startsWith("10:");

        scenario.threeMoreEvents();
        assertThat(scenario.centre.verifyAuditTrail(scenario.admin).intact()).isTrue();
        grownHead = head(store, ORG);
        assertThat(grownHead).startsWith("13:");
        appendPendingEvent(store, ORG, scenario.clock.instant());
        grownExport = export(store, ORG);
        assertThat(grownExport).hasSize(14);
        assertThat(grownExport.get(13)).contains("\"hash\":null", "\"previousHash\":null", "\"sequence\":0");
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theDocumentedScriptAcceptsARealExportAndSkipsPendingEvents() throws Exception {
        Result result = verify(grownExport);
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 13 events, head " + grownHead + ", 1 pending skipped");
    }

    @Test
    void theDocumentedScriptAcceptsTheFacadesExportAsItIs() throws Exception {
        io.github.commscentre.CommunicationCentre centre = io.github.commscentre.CommunicationCentre.builder().store(store)
                .directory(new io.github.commscentre.testkit.InMemoryPropertyDirectory()).build();
        StringWriter out = new StringWriter();
        long written = centre.exportAuditTrail(io.github.commscentre.Caller.member(ORG, "auditor"), out);

        List<String> lines = List.of(out.toString().split("\n"));
        assertThat(lines).hasSize((int) written).hasSize(14);
        Result result = verify(lines);
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 13 events, head " + grownHead + ", 1 pending skipped");
    }

    @Test
    void theHeadTheScriptPrintsIsTheOneToRecord() throws Exception {
        Result result = verify(firstExport, recordedHead);
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 10 events, head " + recordedHead + ", 0 pending skipped");
    }

    @Test
    void aHeadRecordedBeforeTheChainGrewStillVerifiesTheGrownExport() throws Exception {
        Result result = verify(grownExport, recordedHead);
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 13 events, head " + grownHead + ", 1 pending skipped");
    }

    @Test
    void theEventAtTheRecordedSequenceMustCarryTheRecordedHash() throws Exception {
        Result wrongHash = verify(grownExport, "10:" + "0".repeat(64));
        assertThat(wrongHash.exitCode).isEqualTo(1);
        assertThat(wrongHash.stderr.trim()).isEqualTo("BROKEN at sequence 10: the hash is not the one recorded for it");

        Result lostTheEnd = verify(grownExport.subList(0, 9), recordedHead);
        assertThat(lostTheEnd.exitCode).isEqualTo(1);
        assertThat(lostTheEnd.stderr.trim()).isEqualTo("BROKEN: the chain ends at sequence 9, before the recorded head 10");
    }

    @Test
    void anEditOfTheEventAtTheRecordedSequenceFails() throws Exception {
        List<String> tampered = new ArrayList<>(grownExport);
        assertThat(tampered.get(9)).contains("\"sequence\":10", "\"type\":\"recipients_added\"", "\"added\":\"3\"");
        tampered.set(9, tampered.get(9).replace("\"added\":\"3\"", "\"added\":\"2\""));
        Result result = verify(tampered, recordedHead);
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr.trim()).isEqualTo("BROKEN at sequence 10: the hash does not match the event's content");
    }

    @Test
    void aRewriteWithRecomputedHashesFailsOnlyAgainstTheRecordedHead() throws Exception {
        // What someone with write access and the library's code can do: edit event 10 and recompute every hash
        // from there on. The chain is consistent again; only a head recorded elsewhere tells.
        List<String> rewritten = new ArrayList<>();
        String previous = null;
        for (AuditEvent event : linkedEvents(store, ORG)) {
            if (event.sequence() >= 10) {
                Map<String, String> details = event.sequence() == 10 ? Map.of("added", "2") : event.details();
                AuditEvent edited = new AuditEvent(event.id(), event.organisationId(), event.sequence(), event.communicationId(),
                        event.recipientId(), event.type(), event.actorUserId(), event.occurredAt(), details, event.unitIds(),
                        previous, "0".repeat(64));
                event = edited.linkedAt(edited.sequence(), previous, AuditChain.expectedHash(edited));
            }
            rewritten.add(AuditExport.toJson(event));
            previous = event.hash();
        }
        assertThat(rewritten).hasSize(13).isNotEqualTo(grownExport.subList(0, 13));

        Result withoutHead = verify(rewritten);
        assertThat(withoutHead.exitCode).as("a recomputed chain is consistent: %s", withoutHead.stderr).isZero();
        Result withHead = verify(rewritten, recordedHead);
        assertThat(withHead.exitCode).isEqualTo(1);
        assertThat(withHead.stderr.trim()).isEqualTo("BROKEN at sequence 10: the hash is not the one recorded for it");
    }

    @Test
    void theDocumentedScriptFindsARemovedEvent() throws Exception {
        List<String> tampered = new ArrayList<>(grownExport);
        tampered.remove(4);
        Result result = verify(tampered);
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr.trim()).isEqualTo("BROKEN at sequence 5: found sequence 6 instead");
    }

    @Test
    void occurredAtMayStepBackwardsAlongTheChain() {
        // The grown part was written with the clock set back: the chain's order is the sequence, not the clock.
        assertThat(grownExport.get(10)).contains("\"sequence\":11", "\"occurredAt\":\"2026-03-01T23:59:59.000000Z\"");
        assertThat(grownExport.get(9)).contains("\"sequence\":10", "\"occurredAt\":\"2026-03-02T09:10:00.123456Z\"");
    }

    @Test
    void anExportStraightFromTheH2TablesVerifies() throws Exception {
        Path csv = dir.resolve("audit.csv");
        try (Connection connection = DriverManager.getConnection(JDBC_URL, "sa", "");
             Statement session = connection.createStatement()) {
            session.execute("set time zone '" + SESSION_TIME_ZONE + "'");
            // H2's own CSV export, as the page says.
            try (PreparedStatement write = connection.prepareStatement("call csvwrite(?, ?, 'charset=UTF-8')")) {
                write.setString(1, csv.toString());
                write.setString(2, documentedQuery(ORG));
                write.execute();
            }
        }
        String rows = Files.readString(csv, StandardCharsets.UTF_8);
        // H2 prints an instant with the offset it was stored with, whatever the session's zone, and shortens the
        // fraction as PostgreSQL does; details are the store's JSON text, with its own escapes.
        assertThat(rows).as("occurred_at as H2 prints it").contains("\"2026-04-01 10:00:00.12+00\"", "\"2026-03-01 23:59:59+00\"");
        assertThat(rows).as("details as stored JSON text").contains("\\u000a");
        Result result = verify(convert(csv));
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 13 events, head " + grownHead + ", 0 pending skipped");
    }

    @Test
    void anExportStraightFromThePostgresTablesVerifiesWhateverTheSessionTimeZone() throws Exception {
        String url = System.getenv("COMMS_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(),
                "COMMS_TEST_POSTGRES_URL is not set: the PostgreSQL run of the audit recipe is skipped");
        python3OrSkip();
        String schema = "cc_recipe_" + UUID.randomUUID().toString().replace("-", "");
        String org = "harbour-estates";
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setURL(url);
        execute(admin, "create schema " + schema);
        try {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setCurrentSchema(schema);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/communication-centre/postgresql").load().migrate();
            String head;
            try (JpaCommunicationStore postgres = JpaCommunicationStore.standalone(dataSource)) {
                Scenario scenario = new Scenario(postgres, org);
                scenario.firstTenEvents();
                scenario.threeMoreEvents();
                head = head(postgres, org);
                assertThat(head).startsWith("13:");
                appendPendingEvent(postgres, org, scenario.clock.instant());
            }

            Path csv = dir.resolve("audit-postgres.csv");
            try (Connection connection = dataSource.getConnection();
                 Statement session = connection.createStatement();
                 Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                session.execute("set time zone '" + SESSION_TIME_ZONE + "'");
                // The text the server sends psql for --csv or \copy: in the session's time zone.
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("copy (" + documentedQuery(org) + ") to stdout with (format csv, header)", out);
            }
            String rows = Files.readString(csv, StandardCharsets.UTF_8);
            assertThat(rows).as("occurred_at as the session prints it").contains("+05:30").doesNotContain("Z,");
            assertThat(rows).as("details as stored JSON text").contains("\\u000a");

            Result result = verify(convert(csv));
            assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
            assertThat(result.stdout.trim()).isEqualTo("OK 13 events, head " + head + ", 0 pending skipped");
        } finally {
            execute(admin, "drop schema " + schema + " cascade");
        }
    }

    @Test
    void theWorkedExampleOnThePageHashesAsItSays() throws Exception {
        Matcher example = workedExample();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(example.group(1).getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(example.group(2));
        // And it is canonical: Python's own encoding of it is itself.
        python3OrSkip();
        Path file = dir.resolve("example.json");
        Files.writeString(file, example.group(1), StandardCharsets.UTF_8);
        Result result = run(List.of("python3", "-c", "import json,sys; s=open(sys.argv[1],encoding='utf-8').read(); "
                + "print(json.dumps(json.loads(s),sort_keys=True,separators=(',',':'),ensure_ascii=False)==s)", file.toString()));
        assertThat(result.stdout.trim()).isEqualTo("True");
    }

    @Test
    void theWorkedExamplesRowConvertsToTheSameHash() throws Exception {
        Matcher example = workedExample();
        Markdown.CodeBlock rowBlock = Markdown.codeBlocks(Markdown.root().resolve(PAGE)).stream()
                .filter(b -> b.code().startsWith("id               | "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(PAGE + " shows no row of cc_audit_event"));
        List<String> header = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String line : rowBlock.code().split("\n")) {
            int bar = line.indexOf('|');
            header.add(line.substring(0, bar).trim());
            values.add(csvField(line.substring(bar + 1).strip()));
        }
        Path csv = dir.resolve("row.csv");
        Files.writeString(csv, String.join(",", header) + "\n" + String.join(",", values) + "\n", StandardCharsets.UTF_8);
        Result result = verify(convert(csv));
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 1 events, head 1:" + example.group(2) + ", 0 pending skipped");
    }

    // ---- the chain ------------------------------------------------------------------------------------------

    /** The calls that make the chain, the same on every database. */
    private static final class Scenario {
        final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00.123456789Z"));
        final Caller admin;
        final CommunicationCentre centre;
        private Communication sent;

        Scenario(CommunicationStore store, String org) {
            InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
                    .addBlock(org, "block \"A\"")
                    .addUnit(org, "block \"A\"", "unit\\1", "Zo\u00eb O'Brien \uD83C\uDFE0", "zoe@example.org")
                    .addUnit(org, "block \"A\"", "\u05d3\u05d9\u05e8\u05d4 2", "\u05e9\u05e8\u05d4 \u05dc\u05d5\u05d9", null)
                    .addUnit(org, "block \"A\"", "unit-3", "Cafe\u0301 Owner", "owner@example.org");
            centre = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
            admin = Caller.admin(org, "user \u2603");
        }

        /** created, updated, unscheduled, recipients_added, sent, recipient_status_changed, created, deleted, duplicated, recipients_added. */
        void firstTenEvents() {
            sent = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE,
                            "  Section 20 \u2014 \"roof\" \\ works \uD83D\uDE80  ")
                    .bodyHtml("<p>line one</p>\n<p>line\ttwo</p>")
                    .blockId("block \"A\"")
                    .notes("ref\u0001S20\n\u202ertl\u202c \u2028 \u007f / </script>")
                    .scheduledAt(Instant.parse("2026-03-09T09:00:00Z"))
                    .build());
            clock.advance(Duration.ofMinutes(5));
            centre.update(admin, sent.id(), CommunicationChanges.builder().scheduledAt(null).notes(null).build());
            centre.addBlockRecipients(admin, sent.id());
            clock.advance(Duration.ofMinutes(5));
            centre.markSent(admin, sent.id());
            UUID first = centre.listRecipients(admin, sent.id(), RecipientFilter.all(), PageRequest.first(10)).items().get(0).id();
            centre.updateRecipientStatus(admin, first, DeliveryStatus.BOUNCED, "550 \"mailbox\" full\r\n");
            Communication draft = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "to delete").build());
            centre.delete(admin, draft.id());
            centre.duplicate(admin, sent.id(), true);
        }

        /**
         * created, updated, failed: with the clock set back first (another instance's clock, say), so occurredAt
         * steps backwards along the chain; then at instants whose fractions PostgreSQL prints shortened.
         */
        void threeMoreEvents() {
            clock.set(Instant.parse("2026-03-01T23:59:59Z"));
            Communication late = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Arrears \u00a3120")
                    .notes("line one\nline two").build());
            clock.set(Instant.parse("2026-04-01T10:00:00.120Z"));
            centre.update(admin, late.id(), CommunicationChanges.builder().subject("Arrears \u00a3140").build());
            clock.advance(Duration.ofMillis(880));
            centre.markFailed(admin, late.id(), "printer jammed");
        }
    }

    /**
     * What a process that died between its commit and the linking leaves behind: a committed event, pending. Only
     * a linker gives it a place; the exports must skip it, and the page's query leaves it out.
     */
    private static void appendPendingEvent(CommunicationStore store, String org, Instant at) {
        AuditEvent pending = new AuditEvent(UUID.randomUUID(), org, 0, UUID.randomUUID(), null, AuditEventType.CREATED,
                "user \u2603", at, Map.of("status", "draft", "subject", "written just before a crash"), List.of(), null, null);
        store.write(org, tx -> {
            tx.appendAuditEvents(List.of(pending));
            return null;
        });
    }

    private static List<String> export(CommunicationStore store, String org) {
        StringWriter out = new StringWriter();
        long written = AuditExport.writeJsonLines(store, org, out);
        List<String> lines = List.of(out.toString().split("\n"));
        assertThat(lines).hasSize((int) written);
        return lines;
    }

    private static List<AuditEvent> linkedEvents(CommunicationStore store, String org) {
        List<AuditEvent> events = new ArrayList<>();
        store.readDetached(org, tx -> {
            tx.forEachAuditEvent(events::add);
            return null;
        });
        return events;
    }

    /** @return the last linked event as {@code sequence:hash} */
    private static String head(CommunicationStore store, String org) {
        List<AuditEvent> events = linkedEvents(store, org);
        AuditEvent last = events.get(events.size() - 1);
        return last.sequence() + ":" + last.hash();
    }

    // ---- the page -------------------------------------------------------------------------------------------

    private static Matcher workedExample() throws IOException {
        String page = Files.readString(Markdown.root().resolve(PAGE));
        Matcher example = Pattern.compile("(?s)### A worked example.*?```\\n(\\{.*?})\\n```.*?`([0-9a-f]{64})`").matcher(page);
        assertThat(example.find()).as("a worked example with its canonical encoding and hash").isTrue();
        return example;
    }

    /** The page's SQL for one organisation, as one statement without its terminator. */
    static String documentedQuery(String org) {
        String sql = Markdown.codeBlocks(Markdown.root().resolve(PAGE)).stream()
                .filter(b -> b.language().equals("sql"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(PAGE + " has no sql block"))
                .code().strip();
        assertThat(sql).endsWith(";").containsOnlyOnce("'harbour-estates'");
        return sql.substring(0, sql.length() - 1).replace("'harbour-estates'", "'" + org + "'");
    }

    /** The python block of the page that starts with {@code # name}, exactly as printed. */
    static String documentedScript(String name) {
        return Markdown.codeBlocks(Markdown.root().resolve(PAGE)).stream()
                .filter(b -> b.language().equals("python") && b.code().startsWith("# " + name + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(PAGE + " has no python block starting with # " + name))
                .code();
    }

    /** Runs the page's rows_to_jsonl.py on a CSV export. */
    private List<String> convert(Path csv) throws Exception {
        python3OrSkip();
        Path script = dir.resolve("rows_to_jsonl.py");
        Files.writeString(script, documentedScript("rows_to_jsonl.py"), StandardCharsets.UTF_8);
        Path jsonl = dir.resolve(csv.getFileName() + ".jsonl");
        Result result = run(List.of("python3", script.toString(), csv.toString(), jsonl.toString()));
        assertThat(result.exitCode).as("rows_to_jsonl.py: %s", result.stderr).isZero();
        return Files.readAllLines(jsonl, StandardCharsets.UTF_8);
    }

    /** Runs the page's verify_chain.py on an export. */
    private Result verify(List<String> lines, String... args) throws Exception {
        python3OrSkip();
        Path script = dir.resolve("verify_chain.py");
        Files.writeString(script, documentedScript("verify_chain.py"), StandardCharsets.UTF_8);
        Path export = dir.resolve("audit.jsonl");
        Files.writeString(export, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), export.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String csvField(String value) {
        return value.isEmpty() ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static void execute(javax.sql.DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void python3OrSkip() {
        assumeTrue(python3(), "python3 is not installed: the documented verification recipe cannot run");
    }

    private static boolean python3() {
        try {
            return run(List.of("python3", "--version")).exitCode == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var stdout = process.getInputStream();
        var stderr = process.getErrorStream();
        byte[] out = stdout.readAllBytes();
        byte[] err = stderr.readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
