package io.github.commscentre.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example end to end, on H2 through the JPA adapter, and checks that its report shows every scene
 * of the week as the README promises. If the library's behaviour or the example drift, this fails.
 */
class BlockManagerWeekTest {

    private static String report;

    @BeforeAll
    static void playTheWeek() {
        report = BlockManagerWeek.run();
    }

    @Test
    void reportIsTheReportAndNoLogNoise() {
        assertThat(report).startsWith("Communications Centre: a week at Harbour Estates");
        assertThat(report).doesNotContain("INFO", "WARN", "HHH", "Exception", "\tat ");
        assertThat(Pattern.compile("(?m)^\\[(\\d+)]").matcher(report).results().count()).isEqualTo(11);
    }

    @Test
    void section20NoticeGoesToTheWholeBlockByPost() {
        String scene = scene(1);
        assertThat(scene).contains("Section 20 notice to the whole of Riverside Court, by post",
                "created notice \"Section 20: notice of intention, roof replacement\" (draft, channel post)",
                "addBlockRecipients: 6 added, 0 already recipients, 0 not in organisation",
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
                "3 added, 0 already recipients, 2 not in organisation",
                "addRecipients [RC-1, RC-4] again: 0 added, 2 already recipients",
                "send: sending, asked by alice; the dispatcher takes it from here",
                "dispatch round: 1 batch, 3 accepted by the email channel, 0 failed",
                "sent at Mon 11:30, sent by alice; 3 emails written to the outbox folder as <recipient id>.eml");
        assertThat(scene).containsPattern("(?m)^\\s+1\\s+RC-1\\s+Margaret Ellis\\s+m\\.ellis@example\\.org\\s+accepted$");
        assertThat(scene).containsPattern("(?m)^\\s+1\\s+RC-1\\s+Margaret Ellis\\s+m\\.ellis@example\\.org\\s+pending$")
                .containsPattern("(?m)^\\s+2\\s+RC-2\\s+Priya Shah\\s+priya\\.shah@example\\.net\\s+pending$")
                .containsPattern("(?m)^\\s+3\\s+RC-4\\s+Wei Chen\\s+wei\\.chen@example\\.org\\s+pending$")
                .doesNotContainPattern("(?m)^\\s+\\d\\s+(RC-3|RC-5|RC-6|ST-1)\\s");
    }

    @Test
    void agmNoticeIsScheduledThenUnscheduledAndEdited() {
        String scene = scene(3);
        assertThat(scene)
                .containsPattern("Tue 10:00\\s+create with scheduledAt\\s+scheduled\\s+Mon 16 Mar 08:00\\s+created, recipients_added")
                .containsPattern("(?m)Tue 15:00\\s+update scheduledAt=null\\s+draft\\s+-\\s+updated, unscheduled$")
                .containsPattern("(?m)Tue 15:10\\s+update subject, notes\\s+draft\\s+-\\s+updated$")
                .contains("now: draft \"Annual General Meeting, Thursday 23 April 2026 (new date)\", 3 recipients");
    }

    @Test
    void snapshotKeepsTheEmailTheDemandWentTo() {
        String scene = scene(4);
        assertThat(scene)
                .containsPattern("RC-2\\s+priya\\.shah@example\\.net\\s+priya@shah-family\\.example\\s+priya@shah-family\\.example")
                .contains("the sent demand keeps the address it went to (priya.shah@example.net)");
    }

    @Test
    void providerEventsInBatchesOutOfOrderAndTwiceAreHarmless() {
        String scene = scene(5);
        assertThat(scene)
                .containsPattern("Wed 08:02\\s+RC-1\\s+ev-1 opened\\s+Wed 08:00\\s+applied\\s+opened")
                .containsPattern("Wed 08:10\\s+RC-1\\s+ev-2 delivered\\s+Wed 07:59\\s+stale\\s+opened")
                .containsPattern("Wed 08:10\\s+RC-2\\s+ev-3 delivered\\s+Wed 08:05\\s+applied\\s+delivered")
                .containsPattern("Wed 08:10\\s+RC-2\\s+ev-3 delivered\\s+Wed 08:05\\s+duplicate\\s+delivered")
                .containsPattern("Wed 09:20\\s+RC-4\\s+ev-4 bounced\\s+Wed 08:20\\s+applied\\s+bounced")
                .containsPattern("Wed 09:20\\s+RC-2\\s+ev-5 opened\\s+Wed 09:15\\s+applied\\s+opened")
                .containsPattern("Wed 09:20\\s+RC-1\\s+ev-1 opened\\s+Wed 08:00\\s+duplicate\\s+opened")
                .containsPattern("(?m)^\\s+pending\\s+0$").containsPattern("(?m)^\\s+accepted\\s+0$")
                .containsPattern("(?m)^\\s+delivered\\s+0$")
                .containsPattern("(?m)^\\s+opened\\s+2$").containsPattern("(?m)^\\s+bounced\\s+1$")
                .containsPattern("(?m)^\\s+failed\\s+0$")
                .contains("bounced: RC-4 Wei Chen <wei.chen@example.org>, reason \"550 mailbox unavailable\"");
    }

    @Test
    void editingTheSentDemandIsRefusedWithConflict() {
        String scene = scene(6);
        assertThat(scene).containsPattern("update subject of the sent demand -> refused: CONFLICT: communication \\S+ is sent")
                .containsPattern("add RC-3 to the sent demand -> refused: CONFLICT")
                .contains("the demand is still sent with subject \"Service charge demand: half-year to 30 September 2026\"");
    }

    @Test
    void deletedDraftIsGoneButItsTrailStays() {
        String scene = scene(7);
        assertThat(scene).containsPattern("getById of the deleted reminder -> refused: NOT_FOUND")
                .containsPattern("\\d+\\s+duplicated\\s+copy of ")
                .containsPattern("\\d+\\s+recipients_added\\s+3 units: RC-1, RC-2, RC-4")
                .containsPattern("\\d+\\s+deleted\\s+was draft, 3 recipients");
    }

    @Test
    void memberIsRefusedAWriteButMayRead() {
        assertThat(scene(8)).contains("tom marks the AGM notice sent -> refused: FORBIDDEN",
                "tom may still read: 3 communications in the organisation, the AGM notice is draft");
    }

    @Test
    void auditTrailOfTheDemandShowsWhoDidWhatAndWhen() {
        String scene = scene(9);
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
        assertThat(scene(10)).contains("intact: true, events checked: 20, first broken sequence: none");
    }

    @Test
    void weekInSummaryListsNewestFirst() {
        String scene = scene(11);
        assertThat(scene).containsPattern("Tue 10:00\\s+agm_notice\\s+Annual General Meeting, Thursday 23 April 2026 "
                        + "\\(new date\\)\\s+email\\s+draft\\s+3\\n\\s+Mon 11:00\\s+demand_letter\\s+.*sent\\s+3\\n"
                        + "\\s+Mon 09:00\\s+notice\\s+.*post\\s+sent\\s+6")
                .contains("sent to Riverside Court this week: 2");
    }

    @Test
    void readmeShowsTheReportAsItIs() {
        String readme = io.github.commscentre.examples.docs.DocsPages.read("README.md");
        Matcher excerpt = Pattern.compile("(?s)A part of the example's report:\\s*```\\n(.*?)```").matcher(readme);
        assertThat(excerpt.find()).isTrue();
        assertThat(report).contains(excerpt.group(1));
    }

    private static String scene(int number) {
        Matcher m = Pattern.compile("(?s)\\n\\[" + number + "] (.*?)(?=\\n\\[\\d+] |\\z)").matcher(report);
        assertThat(m.find()).as("scene %d in the report:%n%s", number, report).isTrue();
        return m.group(1);
    }
}
