package io.github.commscentre.email;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The attached letter's file name: the date, then the subject in characters every reader and file system takes. */
class LetterFileNameTest {

    private static final LocalDate DATE = LocalDate.of(2026, 3, 2);

    private static String name(String subject) {
        return LetterAttachments.fileName(DATE, subject);
    }

    @Test
    void theDateThenTheSubjectsWordsJoinedByHyphens() {
        assertThat(name("Section 20: notice of intention, roof works"))
                .isEqualTo("2026-03-02-Section-20-notice-of-intention-roof-works.pdf");
        assertThat(name("  AGM -- 12 May!  ")).isEqualTo("2026-03-02-AGM-12-May.pdf");
    }

    @Test
    void accentsAreDroppedAndLettersWithoutOneSpeltInAscii() {
        assertThat(name("Zawiadomienie: Łódź, ulica Żółta")).isEqualTo("2026-03-02-Zawiadomienie-Lodz-ulica-Zolta.pdf");
        assertThat(name("Straße, Ærø, Café")).isEqualTo("2026-03-02-Strasse-AEro-Cafe.pdf");
    }

    @Test
    void aSubjectWithNothingLeftInAsciiIsALetter() {
        assertThat(name("Ειδοποίηση εργασιών")).isEqualTo("2026-03-02-letter.pdf");
        assertThat(name("屋顶工程通知")).isEqualTo("2026-03-02-letter.pdf");
        assertThat(name("🏠 …")).isEqualTo("2026-03-02-letter.pdf");
    }

    @Test
    void noPathQuoteOrHeaderCharacterSurvives() {
        assertThat(name("../../etc/passwd \"quoted\"; filename=x.exe\r\nBcc: a@b.c"))
                .isEqualTo("2026-03-02-etc-passwd-quoted-filename-x-exe-Bcc-a-b-c.pdf")
                .matches("[A-Za-z0-9-]+\\.pdf");
    }

    @Test
    void aLongSubjectIsCutAtAWordsEnd() {
        String subject = "Service charge demand for the half-year to 30 September 2026, including the reserve fund"
                + " contribution and the major works levy";
        String name = name(subject);
        assertThat(name).isEqualTo("2026-03-02-Service-charge-demand-for-the-half-year-to-30-September-2026.pdf");
        assertThat(name.length() - "2026-03-02-".length() - ".pdf".length())
                .isLessThanOrEqualTo(LetterAttachments.SUBJECT_IN_FILE_NAME_MAX);
        assertThat(name(("x").repeat(200))).isEqualTo("2026-03-02-" + "x".repeat(60) + ".pdf");
    }
}
