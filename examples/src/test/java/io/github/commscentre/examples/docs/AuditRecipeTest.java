package io.github.commscentre.examples.docs;

import io.github.commscentre.AuditEvent;
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
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.jpa.JpaCommunicationStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the verification recipe of docs/audit-trail.md: a real chain, stored by the JPA adapter on H2 with
 * awkward text in it, is exported with {@link AuditExport} and checked by exactly the Python script printed on
 * that page. A tampered copy must fail it. Skipped, with the reason, only when python3 is not installed.
 */
class AuditRecipeTest {

    private static final String ORG = "org-recipe-" + UUID.randomUUID();
    private static final String JDBC_URL = "jdbc:h2:mem:recipe-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private static JpaCommunicationStore store;
    private static List<String> exportLines;
    private static String head;

    @TempDir
    Path dir;

    @BeforeAll
    static void storeAChainWithAwkwardText() throws IOException {
        Flyway.configure().dataSource(JDBC_URL, "sa", "").locations("classpath:db/communication-centre/h2").load().migrate();
        store = JpaCommunicationStore.standalone(JDBC_URL, "sa", "");
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
                .addBlock(ORG, "block \"A\"")
                .addUnit(ORG, "block \"A\"", "unit\\1", "Zo\u00eb O'Brien \uD83C\uDFE0", "zoe@example.org")
                .addUnit(ORG, "block \"A\"", "\u05d3\u05d9\u05e8\u05d4 2", "\u05e9\u05e8\u05d4 \u05dc\u05d5\u05d9", null)
                .addUnit(ORG, "block \"A\"", "unit-3", "Cafe\u0301 Owner", "owner@example.org");
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T09:00:00.123456789Z"));
        CommunicationCentre centre = CommunicationCentre.builder().store(store).directory(directory).clock(clock).build();
        Caller admin = Caller.admin(ORG, "user \u2603");

        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE,
                        "  Section 20 \u2014 \"roof\" \\ works \uD83D\uDE80  ")
                .bodyHtml("<p>line one</p>\n<p>line\ttwo</p>")
                .blockId("block \"A\"")
                .notes("ref\u0001S20\n\u202ertl\u202c \u2028 \u007f / </script>")
                .scheduledAt(Instant.parse("2026-03-09T09:00:00Z"))
                .build());
        clock.advance(Duration.ofMinutes(5));
        centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(null).notes(null).build());
        centre.addBlockRecipients(admin, c.id());
        clock.advance(Duration.ofMinutes(5));
        centre.markSent(admin, c.id());
        UUID first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(10)).items().get(0).id();
        centre.updateRecipientStatus(admin, first, DeliveryStatus.BOUNCED, "550 \"mailbox\" full\r\n");
        Communication draft = centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "to delete").build());
        centre.delete(admin, draft.id());
        centre.duplicate(admin, c.id(), true);

        java.io.StringWriter export = new java.io.StringWriter();
        assertThat(AuditExport.writeJsonLines(store, ORG, export)).isEqualTo(10);
        exportLines = List.of(export.toString().split("\n"));
        List<AuditEvent> trail = centre.auditTrail(admin, centre.list(admin,
                io.github.commscentre.CommunicationFilter.all(), PageRequest.first(1)).items().get(0).id());
        head = trail.get(trail.size() - 1).hash();
        assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void theDocumentedScriptAcceptsARealExport() throws Exception {
        Result result = runScript(exportLines);
        assertThat(result.exitCode).as("stderr: %s", result.stderr).isZero();
        assertThat(result.stdout.trim()).isEqualTo("OK 10 events, head " + head);
    }

    @Test
    void theDocumentedScriptChecksARecordedHead() throws Exception {
        assertThat(runScript(exportLines, head).exitCode).isZero();
        Result wrongHead = runScript(exportLines, "0".repeat(64));
        assertThat(wrongHead.exitCode).isEqualTo(1);
        assertThat(wrongHead.stderr).contains("BROKEN: the chain does not end at the recorded head");
    }

    @Test
    void theDocumentedScriptFindsAnEditedEvent() throws Exception {
        List<String> tampered = new ArrayList<>(exportLines);
        assertThat(tampered.get(3)).contains("\"sequence\":4", "\"type\":\"recipients_added\"", "\"added\":\"3\"");
        tampered.set(3, tampered.get(3).replace("\"added\":\"3\"", "\"added\":\"2\""));
        Result result = runScript(tampered);
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr.trim()).isEqualTo("BROKEN at sequence 4: the hash does not match the event's content");
    }

    @Test
    void theDocumentedScriptFindsARemovedEvent() throws Exception {
        List<String> tampered = new ArrayList<>(exportLines);
        tampered.remove(4);
        Result result = runScript(tampered);
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr.trim()).isEqualTo("BROKEN at sequence 5: found sequence 6 instead");
    }

    @Test
    void theWorkedExampleOnThePageHashesAsItSays() throws Exception {
        String page = Files.readString(Markdown.root().resolve("docs/audit-trail.md"));
        Matcher example = Pattern.compile("(?s)### A worked example.*?```\\n(\\{.*?})\\n```.*?`([0-9a-f]{64})`").matcher(page);
        assertThat(example.find()).as("a worked example with its canonical encoding and hash").isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(example.group(1).getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(example.group(2));
        // And it is canonical: Python's own encoding of it is itself.
        assumeTrue(python3(), "python3 is not installed: the worked example's Python round trip cannot run");
        Path file = dir.resolve("example.json");
        Files.writeString(file, example.group(1), StandardCharsets.UTF_8);
        Result result = run(List.of("python3", "-c", "import json,sys; s=open(sys.argv[1],encoding='utf-8').read(); "
                + "print(json.dumps(json.loads(s),sort_keys=True,separators=(',',':'),ensure_ascii=False)==s)", file.toString()));
        assertThat(result.stdout.trim()).isEqualTo("True");
    }

    private Result runScript(List<String> lines, String... args) throws Exception {
        assumeTrue(python3(), "python3 is not installed: the documented verification recipe cannot run");
        Path script = dir.resolve("verify_chain.py");
        Files.writeString(script, documentedScript(), StandardCharsets.UTF_8);
        Path export = dir.resolve("audit.jsonl");
        Files.writeString(export, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), export.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The first python block of docs/audit-trail.md, exactly as printed. */
    static String documentedScript() throws IOException {
        return Markdown.codeBlocks(Markdown.root().resolve("docs/audit-trail.md")).stream()
                .filter(b -> b.language().equals("python"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("docs/audit-trail.md has no python block"))
                .code();
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
