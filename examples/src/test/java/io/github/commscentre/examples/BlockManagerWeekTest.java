package io.github.commscentre.examples;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example end to end, on H2 through the JPA adapter, and checks that its report shows every scene
 * of the week as the README promises. If the library's behaviour or the example drift, this fails.
 */
class BlockManagerWeekTest {

    @TempDir
    static Path outbox;
    @TempDir
    static Path printFolder;

    private static String report;
    private static List<AuditEvent> postedDemandTrail;

    @BeforeAll
    static void playTheWeek() {
        BlockManagerWeek.Week week = BlockManagerWeek.run(outbox, printFolder);
        report = week.report();
        postedDemandTrail = week.postedDemandTrail();
    }

    @Test
    void reportIsTheReportAndNoLogNoise() {
        assertThat(report).startsWith("Communications Centre: a week at Harbour Estates");
        assertThat(report).doesNotContain("INFO", "WARN", "HHH", "Exception", "\tat ");
        assertThat(Pattern.compile("(?m)^\\[(\\d+)]").matcher(report).results().count()).isEqualTo(12);
    }

    @Test
    void reportSpeaksTheOfficesWordsNotTheApis() {
        // the print batch's files are real file names and keep their ids; nothing else in the report is an id
        String withoutFileNames = report.replaceAll("letters-[0-9a-f-]+\\.(pdf|csv)", "<print file>");
        assertThat(withoutFileNames).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")
                .doesNotContainPattern("\\b[0-9a-f]{8}\\.\\.\\.")
                .doesNotContain("addBlockRecipients", "addRecipients", "send:", "dispatchDue", "dispatch round",
                        "getById", "verifyAuditTrail", "markSent", "scheduledAt", "JpaCommunicationStore", " -> refused");
    }

    @Test
    void section20NoticeGoesToTheWholeBlockByPost() {
        String scene = scene(1);
        assertThat(scene).contains("Section 20 notice to the whole of Riverside Court, by post",
                "created notice \"Section 20: notice of intention, roof replacement\" (draft, channel post)",
                "added the whole of Riverside Court: 6 leaseholders (none already on it, none from another agent)",
                "marked sent at Mon 09:40 by alice: 6 recipients, 1 without email");
        for (String unit : new String[] {"RC-1", "RC-2", "RC-3", "RC-4", "RC-5", "RC-6"}) {
            assertThat(scene).containsPattern("(?m)^\\s+\\d\\s+" + unit + "\\s+\\S");
        }
        assertThat(scene).containsPattern("(?m)^\\s+5\\s+RC-5\\s+Arthur Bell\\s+-\\s+pending$");
        assertThat(scene).doesNotContain("<script", "onclick=").contains("<p>Observations by 3 April 2026.</p>");
    }

    @Test
    void serviceChargeDemandsGoToChosenUnitsByEmail() {
        String scene = scene(2);
        assertThat(scene).contains("channel email by default",
                "chose RC-1, RC-2, RC-4, RC-2, ST-1 and RC-99: 3 added, none already on it, 2 left out",
                "chose RC-1 and RC-4 again: none added, 2 already on it",
                "sent by alice at Mon 11:30: the demand is sending, the dispatcher takes it from here",
                "the dispatcher emailed 3 demands in one batch, none failed",
                "the demand is sent (Mon 11:30, by alice): 3 emails are in the outbox folder");
        assertThat(scene).containsPattern("(?m)^\\s+1\\s+RC-1\\s+Margaret Ellis\\s+m\\.ellis@example\\.org\\s+accepted$");
        assertThat(scene).containsPattern("(?m)^\\s+1\\s+RC-1\\s+Margaret Ellis\\s+m\\.ellis@example\\.org\\s+pending$")
                .containsPattern("(?m)^\\s+2\\s+RC-2\\s+Priya Shah\\s+priya\\.shah@example\\.net\\s+pending$")
                .containsPattern("(?m)^\\s+3\\s+RC-4\\s+Wei Chen\\s+wei\\.chen@example\\.org\\s+pending$")
                .doesNotContainPattern("(?m)^\\s+\\d\\s+(RC-3|RC-5|RC-6|ST-1)\\s");
    }

    @Test
    void demandLettersArePrintedIntoOneBatchForThePrintService() {
        String scene = scene(3);
        assertThat(scene).contains("Service-charge demands by post, for the leaseholders who take paper",
                "created the same demand on channel post for RC-3, RC-5 and RC-6: 3 recipients",
                "sent by alice at Mon 14:30: the dispatcher handed 3 letters to the post channel in one batch, none failed",
                "one PDF of 3 letters, 3 pages, to print, fold and post in window envelopes",
                "the audit trail recorded each letter's fingerprint as it went: the same as in the list",
                "a copy of Arthur Bell's letter for the file, rendered again by tom: fingerprint ");
        assertThat(scene).contains("the letter that was posted, byte for byte").doesNotContain("NOT");
        assertThat(scene)
                .containsPattern("(?m)^\\s+1\\s+RC-3\\s+Daniel O'Connor\\s+Flat 3, Riverside Court, 12 Mill Lane, Bristol,"
                        + " BS1 5TR\\s+[0-9a-f]{12}\\.\\.\\.\\s+accepted$")
                .containsPattern("(?m)^\\s+2\\s+RC-5\\s+Arthur Bell\\s+The Old Rectory, Church Lane, Bishops Hull,"
                        + " Taunton, TA1 4DY\\s+[0-9a-f]{12}\\.\\.\\.\\s+accepted$")
                .containsPattern("(?m)^\\s+3\\s+RC-6\\s+Fatima Begum\\s+Flat 6, Riverside Court");
    }

    @Test
    void thePrintFolderHoldsTheMergedPdfAndAManifestThatMatchItAndTheAuditTrail() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(printFolder)) {
            files = listing.sorted().toList();
        }
        assertThat(files).as("one batch, no half-written files").hasSize(2);
        Path pdf = files.stream().filter(f -> f.toString().endsWith(".pdf")).findFirst().orElseThrow();
        Path csv = files.stream().filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
        String batchId = pdf.getFileName().toString().replace(".pdf", "");
        assertThat(csv.getFileName().toString()).isEqualTo(batchId + ".csv");
        assertThat(scene(3)).contains(batchId + ".pdf", batchId + ".csv");

        List<List<String>> manifest = csv(Files.readString(csv, StandardCharsets.UTF_8));
        assertThat(manifest.get(0)).containsExactly("recipient_id", "name", "address", "first_page", "page_count", "sha256");
        List<List<String>> letters = manifest.subList(1, manifest.size());
        assertThat(letters).extracting(row -> row.get(1)).containsExactly("Daniel O'Connor", "Arthur Bell", "Fatima Begum");
        assertThat(letters.get(1).get(2)).isEqualTo("The Old Rectory, Church Lane, Bishops Hull, Taunton, TA1 4DY");

        // the letters follow one another in the PDF, where the manifest says, and fill it
        try (PDDocument merged = Loader.loadPDF(pdf.toFile())) {
            int expectedFirst = 1;
            for (List<String> letter : letters) {
                int first = Integer.parseInt(letter.get(3));
                int pages = Integer.parseInt(letter.get(4));
                assertThat(first).isEqualTo(expectedFirst);
                String text = pageText(merged, first);
                assertThat(text).contains(letter.get(1), "Service charge demand: half-year to 30 September 2026",
                        "2 March 2026", "Harbour Estates Ltd", "Page 1 of " + pages);
                assertThat(text).contains(letter.get(2).split(", ")[0]);
                expectedFirst += pages;
            }
            assertThat(merged.getNumberOfPages()).isEqualTo(expectedFirst - 1);
        }

        // each letter's SHA-256 in the manifest is the one the audit trail recorded for it when it was handed over
        AuditEvent batch = postedDemandTrail.stream().filter(e -> e.type() == AuditEventType.DISPATCH_BATCH)
                .reduce((a, b) -> {
                    throw new AssertionError("one dispatch batch expected");
                }).orElseThrow();
        assertThat(batch.unitIds()).containsExactly("RC-3", "RC-5", "RC-6");
        assertThat(List.of(batch.details().get("contentSha256s").split(",")))
                .containsExactlyElementsOf(letters.stream().map(row -> row.get(5)).toList())
                .allMatch(sha -> sha.matches("[0-9a-f]{64}"));
        assertThat(batch.details()).containsEntry("accepted", "3");
        for (List<String> letter : letters) {
            assertThat(scene(3)).contains(letter.get(5).substring(0, 12) + "...");
        }
    }

    @Test
    void agmNoticeIsScheduledThenUnscheduledAndEdited() {
        String scene = scene(4);
        assertThat(scene)
                .containsPattern("Tue 10:00\\s+wrote it for all of Mill House, to go out later\\s+scheduled\\s+Mon 16 Mar 08:00"
                        + "\\s+created, recipients_added")
                .containsPattern("(?m)Tue 15:00\\s+held it back: no time to go out\\s+draft\\s+-\\s+updated, unscheduled$")
                .containsPattern("(?m)Tue 15:10\\s+moved the meeting: new subject, and a note why\\s+draft\\s+-\\s+updated$")
                .contains("now: draft \"Annual General Meeting, Thursday 23 April 2026 (new date)\", 3 recipients");
    }

    @Test
    void snapshotKeepsTheEmailTheDemandWentTo() {
        String scene = scene(5);
        assertThat(scene)
                .containsPattern("RC-2\\s+priya\\.shah@example\\.net\\s+priya@shah-family\\.example\\s+priya@shah-family\\.example")
                .contains("the sent demand keeps the address it went to (priya.shah@example.net)");
    }

    @Test
    void providerEventsInBatchesOutOfOrderAndTwiceAreHarmless() {
        String scene = scene(6);
        assertThat(scene)
                .containsPattern("Wed 08:02\\s+RC-1\\s+ev-1 opened\\s+Wed 08:00\\s+applied\\s+opened")
                .containsPattern("Wed 08:10\\s+RC-1\\s+ev-2 delivered\\s+Wed 07:59\\s+stale\\s+opened")
                .containsPattern("Wed 08:10\\s+RC-2\\s+ev-3 delivered\\s+Wed 08:05\\s+applied\\s+delivered")
                .containsPattern("Wed 08:10\\s+RC-2\\s+ev-3 delivered\\s+Wed 08:05\\s+duplicate\\s+delivered")
                .containsPattern("Wed 09:20\\s+RC-4\\s+ev-4 bounced\\s+Wed 08:20\\s+applied\\s+bounced")
                .containsPattern("Wed 09:20\\s+RC-2\\s+ev-5 opened\\s+Wed 09:15\\s+applied\\s+opened")
                .containsPattern("Wed 09:20\\s+RC-1\\s+ev-1 opened\\s+Wed 08:00\\s+duplicate\\s+opened")
                .contains("where the demand's 3 emails stand now:")
                .containsPattern("(?m)^\\s+pending\\s+0$").containsPattern("(?m)^\\s+accepted\\s+0$")
                .containsPattern("(?m)^\\s+delivered\\s+0$")
                .containsPattern("(?m)^\\s+opened\\s+2$").containsPattern("(?m)^\\s+bounced\\s+1$")
                .containsPattern("(?m)^\\s+failed\\s+0$")
                .contains("bounced: RC-4 Wei Chen <wei.chen@example.org>, reason \"550 mailbox unavailable\"");
    }

    @Test
    void editingTheSentDemandIsRefusedWithConflict() {
        String scene = scene(7);
        assertThat(scene).contains("the office tried to change the subject of the demand after it went out: refused,"
                        + " a sent demand never changes (CONFLICT)",
                        "and tried to add RC-3 to it: refused, a sent demand takes no new recipients (CONFLICT)")
                .contains("the demand is still sent with subject \"Service charge demand: half-year to 30 September 2026\"");
    }

    @Test
    void deletedDraftIsGoneButItsTrailStays() {
        String scene = scene(8);
        assertThat(scene).contains("alice deleted the reminder, a draft copy of the emailed demand with 3 recipients",
                        "she looked for it again afterwards: refused, it no longer exists (NOT_FOUND)")
                .containsPattern("\\d+\\s+duplicated\\s+copy of the emailed demand, with its recipients")
                .containsPattern("\\d+\\s+recipients_added\\s+3 units: RC-1, RC-2, RC-4")
                .containsPattern("\\d+\\s+deleted\\s+was draft, 3 recipients");
    }

    @Test
    void memberIsRefusedAWriteButMayRead() {
        assertThat(scene(9)).contains("tom tried to mark the AGM notice sent: refused, only an admin of the organisation"
                        + " may change communications (FORBIDDEN)",
                "tom may still read: 4 communications in the organisation, the AGM notice is draft");
    }

    @Test
    void auditTrailOfTheDemandShowsWhoDidWhatAndWhen() {
        String scene = scene(10);
        assertThat(scene).containsPattern("Mon 11:00\\s+alice\\s+created\\s+demand_letter, email, draft")
                .containsPattern("Mon 11:00\\s+alice\\s+recipients_added\\s+3 units: RC-1, RC-2, RC-4")
                .containsPattern("Mon 11:30\\s+alice\\s+dispatch_started\\s+by email to 3 recipients")
                .containsPattern("Mon 11:30\\s+commscentre:dispatcher\\s+dispatch_batch\\s+3 units: 3 accepted, 0 failed, 0 to retry")
                .containsPattern("Mon 11:30\\s+commscentre:dispatcher\\s+sent\\s+3 recipients, content sha256 [0-9a-f]{12}\\.\\.\\.")
                .containsPattern("Wed 08:02\\s+provider:mailer\\s+recipient_status_changed\\s+RC-1 accepted -> opened")
                .containsPattern("Wed 08:10\\s+provider:mailer\\s+recipient_status_changed\\s+RC-2 accepted -> delivered")
                .containsPattern("Wed 09:20\\s+provider:mailer\\s+recipient_status_changed\\s+RC-4 accepted -> bounced "
                        + "\\(550 mailbox unavailable\\)")
                .containsPattern("Wed 09:20\\s+provider:mailer\\s+recipient_status_changed\\s+RC-2 delivered -> opened");
        // The late and the repeated provider events changed nothing, so they left no event.
        assertThat(Pattern.compile("recipient_status_changed").matcher(scene).results().count()).isEqualTo(4);
    }

    @Test
    void verificationReportsTheChainIntact() {
        assertThat(scene(11)).contains("Checking the audit trail",
                "the audit trail is intact: 25 events checked, none broken");
    }

    @Test
    void weekInSummaryListsNewestFirst() {
        String scene = scene(12);
        assertThat(scene).containsPattern("Tue 10:00\\s+agm_notice\\s+Annual General Meeting, Thursday 23 April 2026 "
                        + "\\(new date\\)\\s+email\\s+draft\\s+3\\n\\s+Mon 14:00\\s+demand_letter\\s+.*post\\s+sent\\s+3\\n"
                        + "\\s+Mon 11:00\\s+demand_letter\\s+.*email\\s+sent\\s+3\\n"
                        + "\\s+Mon 09:00\\s+notice\\s+.*post\\s+sent\\s+6")
                .contains("sent to Riverside Court this week: 3");
    }

    @Test
    void readmeShowsTheReportAsItIs() {
        String readme = io.github.commscentre.examples.docs.DocsPages.read("README.md");
        Matcher excerpt = Pattern.compile("(?s)A part of the example's report:\\s*```\\n(.*?)```").matcher(readme);
        assertThat(excerpt.find()).isTrue();
        assertThat(report).contains(excerpt.group(1));
    }

    private static String pageText(PDDocument doc, int page) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        return stripper.getText(doc);
    }

    /** RFC 4180 as the manifest writes it: quoted fields may hold commas and doubled quotes; CRLF ends a row. */
    private static List<List<String>> csv(String text) {
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n");
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }

    @Test
    void lettersPageShowsThePrintedBatchAsTheReportWritesIt() {
        String page = io.github.commscentre.examples.docs.DocsPages.read("docs/letters.md");
        Matcher excerpt = Pattern.compile("(?s)in the words\\s+of the office:\\s*```\\n(.*?)```").matcher(page);
        assertThat(excerpt.find()).isTrue();
        assertThat(withoutIds(report)).contains(withoutIds(excerpt.group(1)));
    }

    /** Ids and digests differ from run to run; the words, the layout and the counts do not. */
    private static String withoutIds(String text) {
        return text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{16}", "<batch>")
                .replaceAll("[0-9a-f]{12}\\.\\.\\.", "<sha>...");
    }

    private static String scene(int number) {
        Matcher m = Pattern.compile("(?s)\\n\\[" + number + "] (.*?)(?=\\n\\[\\d+] |\\z)").matcher(report);
        assertThat(m.find()).as("scene %d in the report:%n%s", number, report).isTrue();
        return m.group(1);
    }
}
