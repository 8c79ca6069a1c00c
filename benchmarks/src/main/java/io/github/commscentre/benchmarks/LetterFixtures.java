package io.github.commscentre.benchmarks;

import io.github.commscentre.CommunicationType;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.letters.Letterhead;
import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.OutgoingMessage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The letters the letter benchmarks render: a Section 20 notice of one page, and of three. */
final class LetterFixtures {

    static final UUID COMMUNICATION = UUID.fromString("0192f0c4-6a8e-7cde-8a11-3c4d5e6f7a81");
    static final String ONE_PAGE_BODY = "<p>Dear leaseholder,</p>"
            + "<p>We intend to carry out works to the roof of Riverside Court: the removal of the old slates, new battens"
            + " and membrane, and making good the chimney flashings. We consider the works necessary because the roof"
            + " leaks into the top-floor flats.</p>"
            + "<p>You may make written observations within <strong>30 days</strong> of the date of this notice, to the"
            + " address above. You may also propose the name of a person from whom we should try to obtain an"
            + " estimate.</p><ul><li>Consultation ends: 1 April 2026</li><li>Estimated cost: £84,000</li></ul>"
            + "<p>Yours faithfully,</p><p>Harbour Estates Ltd</p>";

    private LetterFixtures() {
    }

    static PdfLetterRenderer renderer() {
        return PdfLetterRenderer.builder()
                .letterhead(Letterhead.builder("Harbour Estates Ltd")
                        .address("Harbour House", "1 Quay Street", "Bristol", "BS1 4AA")
                        .footer("Harbour Estates Ltd, registered in England and Wales no. 01234567.")
                        .build())
                .build();
    }

    /** @return a body that fills three pages: the notice, then the schedule of works */
    static String threePageBody() {
        StringBuilder body = new StringBuilder(ONE_PAGE_BODY).append("<h2>Schedule of works</h2>");
        for (int i = 1; i <= 30; i++) {
            body.append("<p>").append(i).append(". Item of work: scaffolding to the elevation, the removal and disposal"
                    + " of the existing coverings, new timber battens, breathable membrane and natural slate, lead"
                    + " flashings renewed, and the gutters and downpipes cleared and made good.</p>");
        }
        return body.toString();
    }

    static Letter letter(int n, String body) {
        return new Letter("harbour-estates", COMMUNICATION, recipient(n), CommunicationType.NOTICE,
                "Section 20: notice of intention, roof works", body, LocalDate.of(2026, 3, 2), name(n), address(n));
    }

    static OutgoingMessage message(int n, String body) {
        UUID recipient = recipient(n);
        return new OutgoingMessage("harbour-estates", COMMUNICATION, recipient, recipient.toString(), null, 1, "post",
                CommunicationType.NOTICE, "Section 20: notice of intention, roof works", body, "unit-" + n, name(n), null,
                address(n), Instant.parse("2026-03-02T09:00:00Z"));
    }

    static UUID recipient(int n) {
        return new UUID(0x0192f0c46a8e7cdeL, 0x8a11000000000000L + n);
    }

    private static String name(int n) {
        String[] names = {"Mrs Ada Okafor", "Zażółć Gęślą-Jaźń", "Αικατερίνη Παπαδοπούλου", "Mr Ben Ode", "Dr Ifan Pryce"};
        return names[n % names.length] + " " + n;
    }

    private static PostalAddress address(int n) {
        return PostalAddress.uk("Bristol", "BS1 5TR", "Flat " + n + ", Riverside Court", "12 Mill Lane");
    }
}
