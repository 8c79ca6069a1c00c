package io.github.commscentre.letters;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.Letter;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Prints the SHA-256 of a set of letters, one line each: run in the test's JVM and in a child JVM with another locale,
 * time zone and default charset, by {@link DeterminismAcrossJvmsTest}.
 */
public final class RenderDigests {

    private RenderDigests() {
    }

    /** @return a line per letter: what it is, and the SHA-256 of its PDF */
    static List<String> digests() {
        StringBuilder longBody = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            longBody.append("<p>Paragraph ").append(i).append(": the scaffold, the slates, the battens and the"
                    + " membrane, with <em>emphasis</em> and <strong>strength</strong>.</p>");
        }
        byte[] han = TinyFont.covering("TestHan-Regular", "王小明");
        PdfLetterRenderer plain = Letters.renderer();
        PdfLetterRenderer withHan = PdfLetterRenderer.builder().letterhead(Letters.letterhead())
                .font("Test Han", () -> Letters.stream(han)).build();
        UUID recipient = UUID.fromString("0192f0c4-6a8e-7cde-8a11-00000000beef");
        List<String> lines = new ArrayList<>();
        lines.add("polish " + sha(plain, Letters.letter("Zażółć Gęślą-Jaźń", Letters.BODY)));
        lines.add("greek " + sha(plain, Letters.letter(recipient, "Αικατερίνη Παπαδοπούλου",
                new PostalAddress(List.of("Odos Ermou 12"), "Athens", "105 63", "Greece"), "Ειδοποίηση", Letters.BODY)));
        lines.add("three-pages " + sha(plain, Letters.letter("Mrs Ada Okafor", longBody.toString())));
        lines.add("preview " + sha(plain, Letters.preview(Letters.BODY)));
        lines.add("chinese " + sha(withHan, Letters.letter("王小明", Letters.BODY)));
        return lines;
    }

    private static String sha(PdfLetterRenderer renderer, Letter letter) {
        return Digests.sha256Hex(renderer.render(letter));
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        for (String line : digests()) {
            System.out.println(line);
        }
    }
}
