package io.github.commscentre.letters;

import io.github.commscentre.PostalAddress;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Writes the picture of a letter that docs/letters.md shows: page 1 of a sample Section 20 notice. Run on demand:
 * {@code ./mvnw -q -pl letters -am verify -Dtest=LetterSampleImage -Dsurefire.failIfNoSpecifiedTests=false
 * -Dletters.sample=$PWD/docs/images/letter-sample.png}.
 */
@EnabledIfSystemProperty(named = "letters.sample", matches = ".+")
class LetterSampleImage {

    static final String BODY = "<p>Dear Mrs Okafor,</p>"
            + "<p><strong>Notice of intention to carry out works</strong> under section 20 of the Landlord and Tenant"
            + " Act 1985, to Riverside Court, 12 Mill Lane, Bristol.</p>"
            + "<p>We intend to replace the roof coverings of the building: the removal of the old slates, new battens"
            + " and membrane, natural slate, and making good the chimney flashings. We consider the works necessary"
            + " because the roof leaks into the top-floor flats and has reached the end of its life.</p>"
            + "<p>You are invited to make written observations on the proposed works. Observations should be sent to"
            + " the address above, and must be received within the consultation period of 30 days from the date of"
            + " this notice, which ends on <strong>1 April 2026</strong>.</p>"
            + "<p>You may also propose the name of a person from whom we should try to obtain an estimate.</p>"
            + "<ul><li>Estimated total cost: £84,000</li><li>Your share (flat 3, 6.25%): £5,250</li></ul>"
            + "<p>Yours sincerely,</p><p>Priya Shah<br/>Block manager, Harbour Estates Ltd</p>";

    @Test
    void writeSample() throws IOException {
        PdfLetterRenderer renderer = PdfLetterRenderer.builder()
                .letterhead(Letterhead.builder("Harbour Estates Ltd")
                        .address("Harbour House", "1 Quay Street", "Bristol BS1 4AA", "0117 496 0000",
                                "blocks@harbour-estates.example")
                        .logoPng(logo())
                        .footer("Harbour Estates Ltd, registered in England and Wales no. 01234567.\n"
                                + "Registered office: Harbour House, 1 Quay Street, Bristol BS1 4AA.")
                        .build())
                .build();
        byte[] pdf = renderer.render(Letters.letter(UUID.fromString("0192f0c4-6a8e-7cde-8a11-000000000003"),
                "Mrs Ada Okafor", new PostalAddress(List.of("Flat 3, Riverside Court", "12 Mill Lane"), "Bristol",
                        "BS1 5TR", null), "Section 20 notice: roof works at Riverside Court", BODY));
        Path target = Path.of(System.getProperty("letters.sample"));
        Files.createDirectories(target.getParent());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 80);
            ImageIO.write(page, "png", target.toFile());
        }
    }

    /** A roof over a wave, drawn with shapes (no font needed), 360 x 120 pixels. */
    static byte[] logo() throws IOException {
        BufferedImage image = new BufferedImage(360, 120, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1F3A5F));
        Path2D roof = new Path2D.Float();
        roof.moveTo(200, 70);
        roof.lineTo(280, 10);
        roof.lineTo(360, 70);
        roof.closePath();
        g.fill(roof);
        g.fillRect(220, 70, 120, 45);
        g.setColor(new Color(0x2A9D8F));
        g.setStroke(new BasicStroke(10, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D wave = new Path2D.Float();
        wave.moveTo(10, 95);
        wave.curveTo(50, 60, 90, 130, 130, 95);
        wave.curveTo(150, 78, 170, 80, 190, 95);
        g.draw(wave);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
