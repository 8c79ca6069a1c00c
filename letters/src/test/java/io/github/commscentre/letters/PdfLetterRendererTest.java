package io.github.commscentre.letters;

import io.github.commscentre.HtmlSanitizer;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer.UnrenderableTextException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfLetterRendererTest {

    private static final PdfLetterRenderer RENDERER = Letters.renderer();

    @Test
    void theNameAndAddressAreInsideTheEnvelopeWindow() {
        byte[] pdf = RENDERER.render(Letters.letter("Mrs Ada Okafor", Letters.BODY));

        String window = Pdfs.textIn(pdf, 1, 20, 45, 90, 40);
        assertThat(window.lines().map(String::strip).toList())
                .containsExactly("Mrs Ada Okafor", "Flat 3, Riverside Court", "12 Mill Lane", "Bristol", "BS1 5TR");
        // and nothing else shows through the window
        assertThat(window).doesNotContain("Harbour", "2026", "Section 20");
        // nor does the address stray above or below it
        assertThat(Pdfs.textIn(pdf, 1, 0, 0, 210, 45)).doesNotContain("Okafor", "BS1 5TR");
        assertThat(Pdfs.textIn(pdf, 1, 0, 85, 210, 212)).doesNotContain("Okafor", "BS1 5TR", "Mill Lane");
    }

    @Test
    void theLongestAddressStillFitsTheWindow() {
        PostalAddress longest = new PostalAddress(List.of("Flat 12, Harbourside Mansions", "Cumberland Road",
                "Spike Island", "Hotwells"), "Bristol", "BS1 6XX", "United Kingdom");
        byte[] pdf = RENDERER.render(Letters.letter(UUID.randomUUID(), "Mr Bartholomew Fotheringham-Smythe", longest,
                "Service charge demand", Letters.BODY));

        assertThat(Pdfs.textIn(pdf, 1, 20, 45, 90, 40).lines().map(String::strip).toList()).containsExactly(
                "Mr Bartholomew Fotheringham-Smythe", "Flat 12, Harbourside Mansions", "Cumberland Road", "Spike Island",
                "Hotwells", "Bristol", "BS1 6XX", "United Kingdom");
    }

    @Test
    void theLetterheadDateSubjectBodyAndFooterAreAllThere() {
        byte[] pdf = RENDERER.render(Letters.letter("Mrs Ada Okafor", Letters.BODY));

        String text = Pdfs.text(pdf);
        assertThat(text).contains("Harbour Estates Ltd", "1 Quay Street", "BS1 4AA", "2 March 2026",
                "Section 20: notice of intention, roof works",
                "We intend to carry out works to the roof of Riverside Court.",
                "You may make written observations within 30 days of this notice.",
                "registered in England and Wales no. 01234567", "Page 1 of 1");
        // the sender's address is at the top right, beside the window
        assertThat(Pdfs.textIn(pdf, 1, 120, 45, 70, 40)).contains("Harbour Estates Ltd", "1 Quay Street", "BS1 4AA");
    }

    @Test
    void aHostileBodySanitisedByCoreKeepsItsTextAndLosesItsScript() {
        String hostile = "<p onclick=\"steal()\">Dear leaseholder,</p><script>alert('x')</script>"
                + "<p style=\"position:fixed;top:0\">Your share is <b>£1,234.56</b>.</p>"
                + "<iframe src=\"https://evil.example\"></iframe><a href=\"javascript:alert(1)\">click</a>"
                + "<img src=\"https://tracker.example/pixel.png\" alt=\"site plan\">";
        String sanitised = HtmlSanitizer.standard().sanitize(hostile);

        String text = Pdfs.text(RENDERER.render(Letters.letter("Mrs Ada Okafor", sanitised)));

        assertThat(text).contains("Dear leaseholder,", "Your share is £1,234.56.", "click", "[image: site plan]")
                .doesNotContain("alert", "steal", "javascript", "evil.example", "tracker.example");
    }

    @Test
    void polishAndGreekNamesAreDrawnWithTheirOwnLetters() {
        String polish = "Zażółć Gęślą-Jaźń";
        String greek = "Αικατερίνη Παπαδοπούλου";
        byte[] pdf = RENDERER.render(Letters.letter(UUID.randomUUID(), polish, Letters.address(), "Zawiadomienie",
                "<p>Szanowna Pani " + polish + ", Αγαπητή κυρία " + greek + ", Уважаемая госпожа Иванова.</p>"));

        assertThat(Pdfs.textIn(pdf, 1, 20, 45, 90, 40)).contains(polish);
        assertThat(Pdfs.text(pdf)).contains("Αγαπητή κυρία " + greek, "Уважаемая госпожа", "Иванова");
        assertThat(fontNames(pdf)).allMatch(name -> name.matches("[A-Z]{6}\\+Liberation(Sans|Mono).*"),
                "only embedded subsets of Liberation");
    }

    @Test
    void aChineseNameFailsWithoutAHostFontNamingTheCharacter() {
        assertThatThrownBy(() -> RENDERER.render(Letters.letter("王小明", Letters.BODY)))
                .isInstanceOfSatisfying(UnrenderableTextException.class, e -> {
                    assertThat(e.field()).isEqualTo("recipientName");
                    assertThat(e.codePoint()).isEqualTo(0x738B);
                    assertThat(e.getMessage()).contains("U+738B", "'王'", "CJK UNIFIED IDEOGRAPHS 738B");
                });
    }

    @Test
    void aChineseNameRendersWithAHostFont() {
        byte[] cjk = TinyFont.covering("TestHan-Regular", "王小明先生");
        PdfLetterRenderer withCjk = PdfLetterRenderer.builder().letterhead(Letters.letterhead())
                .font("Test Han", () -> Letters.stream(cjk)).build();

        byte[] pdf = withCjk.render(Letters.letter("王小明", "<p>Dear 王小明先生, about the roof.</p>"));

        assertThat(Pdfs.textIn(pdf, 1, 20, 45, 90, 40)).contains("王小明", "Flat 3, Riverside Court");
        assertThat(Pdfs.text(pdf)).contains("Dear 王小明先生, about the roof.");
        assertThat(fontNames(pdf)).anyMatch(name -> name.matches("[A-Z]{6}\\+TestHan-Regular"));
    }

    @Test
    void anEmojiFailsNamingIt() {
        assertThatThrownBy(() -> RENDERER.render(Letters.letter("Mrs Ada Okafor", "<p>See you at the AGM 🙂</p>")))
                .isInstanceOfSatisfying(UnrenderableTextException.class, e -> {
                    assertThat(e.field()).isEqualTo("bodyHtml");
                    assertThat(e.codePoint()).isEqualTo(0x1F642);
                    assertThat(e.getMessage()).contains("U+1F642", "SLIGHTLY SMILING FACE");
                });
        assertThatThrownBy(() -> RENDERER.render(Letters.letter(UUID.randomUUID(), "Mrs Ada Okafor", Letters.address(),
                "AGM 🏠", Letters.BODY)))
                .isInstanceOfSatisfying(UnrenderableTextException.class, e -> assertThat(e.field()).isEqualTo("subject"));
        assertThatThrownBy(() -> RENDERER.render(Letters.letter(UUID.randomUUID(), "Mrs Ada Okafor",
                PostalAddress.uk("Bristol", "BS1 5TR", "Flat ☃"), "AGM", Letters.BODY)))
                .isInstanceOfSatisfying(UnrenderableTextException.class, e -> assertThat(e.field()).isEqualTo("postalAddress"));
    }

    @Test
    void invisibleCharactersAreNotRefused() {
        // a zero-width space, a soft hyphen, a left-to-right mark and a tab: nothing to draw, nothing missing
        byte[] pdf = RENDERER.render(Letters.letter("Ada\u200BOkafor", "<p>Re\u00ADpairs\u200E\tto the roof.</p>"));

        // Liberation has glyphs for the zero-width space and the mark (of no width); the soft hyphen is dropped
        assertThat(Pdfs.text(pdf).replaceAll("[\u200B\u200E]", "")).contains("AdaOkafor", "Repairs to the roof.");
    }

    @Test
    void aLongBodyBreaksAcrossPagesNumberedNOfM() {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            body.append("<p>Paragraph ").append(i).append(": the works include scaffolding, the removal of the old"
                    + " slates, new battens and membrane, and making good the chimney flashings.</p>");
        }
        byte[] pdf = RENDERER.render(Letters.letter("Mrs Ada Okafor", body.toString()));

        int pages = Pdfs.pages(pdf);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        for (int page = 1; page <= pages; page++) {
            assertThat(Pdfs.textIn(pdf, page, 0, 270, 210, 27)).contains("Page " + page + " of " + pages)
                    .contains("Harbour Estates Ltd, registered in England");
        }
        String text = Pdfs.text(pdf);
        for (int i = 1; i <= 60; i++) {
            assertThat(text).contains("Paragraph " + i + ":");
        }
        // the address block is on the first page only
        assertThat(Pdfs.pageText(pdf, 2)).doesNotContain("Okafor");
    }

    @Test
    void aPreviewSaysSoWhereTheAddressGoes() {
        byte[] pdf = RENDERER.render(Letters.preview(Letters.BODY));

        assertThat(Pdfs.textIn(pdf, 1, 20, 45, 90, 40)).contains("Preview: no recipient.");
        assertThat(Pdfs.text(pdf)).contains("Section 20: notice of intention", "We intend to carry out works");
    }

    @Test
    void theSameLetterRendersTheSameBytes() {
        Letter letter = Letters.letter("Zażółć Gęślą-Jaźń", Letters.BODY);
        byte[] first = RENDERER.render(letter);
        byte[] again = Letters.renderer().render(letter);

        assertThat(again).isEqualTo(first);
        assertThat(RENDERER.render(Letters.letter("Zażółć Gęślą-Jaźn", Letters.BODY))).isNotEqualTo(first);
    }

    @Test
    void oneRendererServesManyThreadsWithTheSameBytes() throws Exception {
        Letter polish = Letters.letter("Zażółć Gęślą-Jaźń", Letters.BODY);
        Letter greek = Letters.letter("Αικατερίνη Παπαδοπούλου", Letters.BODY);
        String polishSha = Digests.sha256Hex(RENDERER.render(polish));
        String greekSha = Digests.sha256Hex(RENDERER.render(greek));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Letter letter = i % 2 == 0 ? polish : greek;
                futures.add(pool.submit(() -> Digests.sha256Hex(RENDERER.render(letter))));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? polishSha : greekSha);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theMetadataComesFromTheLetterNotTheClock() throws IOException {
        Letter letter = Letters.letter("Mrs Ada Okafor", Letters.BODY);
        try (PDDocument doc = Loader.loadPDF(RENDERER.render(letter))) {
            PDDocumentInformation info = doc.getDocumentInformation();
            assertThat(info.getProducer()).isEqualTo(PdfLetterRenderer.PRODUCER);
            assertThat(info.getTitle()).isEqualTo(letter.subject());
            assertThat(info.getAuthor()).isEqualTo("Harbour Estates Ltd");
            assertThat(info.getCreationDate().toInstant()).isEqualTo("2026-03-02T00:00:00Z");
            assertThat(info.getModificationDate().toInstant()).isEqualTo("2026-03-02T00:00:00Z");
            assertThat(info.getCustomMetadataValue("CommunicationId")).isEqualTo(Letters.COMMUNICATION.toString());
            assertThat(info.getCustomMetadataValue("RecipientId")).isEqualTo(letter.recipientId().toString());
            COSArray id = doc.getDocument().getTrailer().getCOSArray(COSName.ID);
            assertThat(id.size()).isEqualTo(2);
            assertThat(doc.getDocumentCatalog().getLanguage()).isEqualTo("en-GB");
        }
    }

    @Test
    void theLetterheadIsCheckedWhenTheRendererIsBuilt() {
        assertThatThrownBy(() -> PdfLetterRenderer.builder().letterhead(Letterhead.builder("Harbour Estates 🌊").build())
                .build())
                .isInstanceOfSatisfying(UnrenderableTextException.class, e -> assertThat(e.field()).isEqualTo("letterhead"));
        assertThatThrownBy(() -> PdfLetterRenderer.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a Letterhead is required");
        assertThatThrownBy(() -> PdfLetterRenderer.builder().font("Letter Sans", () -> Letters.stream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> PdfLetterRenderer.builder().font("x'; }", () -> Letters.stream(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PdfLetterRenderer.builder().letterhead(Letters.letterhead())
                .font("Broken", () -> Letters.stream(new byte[] {1, 2, 3})).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Broken");
        assertThatThrownBy(() -> Letterhead.builder("Harbour").logoPng(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PNG");
    }

    static List<String> fontNames(byte[] pdf) {
        List<String> names = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    names.add(font.getName());
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return names;
    }
}
