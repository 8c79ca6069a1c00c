package io.github.commscentre.letters;

import io.github.commscentre.CommunicationType;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.OutgoingMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Letters, messages and a renderer for the tests. */
final class Letters {

    static final String ORG = "harbour-estates";
    static final UUID COMMUNICATION = UUID.fromString("0192f0c4-6a8e-7cde-8a11-3c4d5e6f7a81");
    static final LocalDate DATE = LocalDate.of(2026, 3, 2);
    static final Instant SENDING_STARTED = Instant.parse("2026-03-02T09:00:00Z");

    static final String BODY = "<p>We intend to carry out works to the roof of Riverside Court.</p>"
            + "<p>You may make written observations within <strong>30 days</strong> of this notice.</p>";

    private Letters() {
    }

    static Letterhead letterhead() {
        return Letterhead.builder("Harbour Estates Ltd")
                .address("Harbour House", "1 Quay Street", "Bristol", "BS1 4AA")
                .logoPng(logo())
                .footer("Harbour Estates Ltd, registered in England and Wales no. 01234567. Registered office: "
                        + "Harbour House, 1 Quay Street, Bristol BS1 4AA.")
                .build();
    }

    static PdfLetterRenderer renderer() {
        return PdfLetterRenderer.builder().letterhead(letterhead()).build();
    }

    static PostalAddress address() {
        return PostalAddress.uk("Bristol", "BS1 5TR", "Flat 3, Riverside Court", "12 Mill Lane");
    }

    static Letter letter(String name, String body) {
        return letter(UUID.fromString("0192f0c4-6a8e-7cde-8a11-000000000001"), name, address(), "Section 20: notice of"
                + " intention, roof works", body);
    }

    static Letter letter(UUID recipient, String name, PostalAddress address, String subject, String body) {
        return new Letter(ORG, COMMUNICATION, recipient, CommunicationType.NOTICE, subject, body, DATE, name, address);
    }

    static Letter preview(String body) {
        return new Letter(ORG, COMMUNICATION, null, CommunicationType.NOTICE, "Section 20: notice of intention, roof works",
                body, DATE, null, null);
    }

    static OutgoingMessage message(UUID recipient, String name, PostalAddress address, String body) {
        return new OutgoingMessage(ORG, COMMUNICATION, recipient, recipient.toString(), null, 1, "post",
                CommunicationType.NOTICE, "Section 20: notice of intention, roof works", body, "unit-" + recipient,
                name, null, address, SENDING_STARTED);
    }

    /** A 2 x 1 PNG (a navy and a teal pixel), made with the JDK's own encoder. */
    static byte[] logo() {
        try {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(2, 1,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, 0x1F3A5F);
            image.setRGB(1, 0, 0x2A9D8F);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
