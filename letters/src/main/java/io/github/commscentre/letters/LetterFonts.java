package io.github.commscentre.letters;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.github.commscentre.spi.LetterRenderer.UnrenderableTextException;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fonts a letter is set in, and the check that every character of a letter has a glyph in one of them.
 *
 * <p>Liberation Sans (regular, bold, italic, bold italic: Latin, Greek, Cyrillic) sets all text; Liberation Mono sets
 * {@code pre} and {@code code}, falling back to Liberation Sans; the host's fonts follow both in the CSS font-family
 * list, so openhtmltopdf takes a character the Liberation faces lack from the first host font that has it. Every font
 * is read once, here: the bytes embedded in a letter cannot change between two renders of it.
 *
 * <p>openhtmltopdf draws a character no font has as {@code #}, and silently drops an invisible one (a control or format
 * character) that no font has. The check refuses the first, so that no letter is printed with a stand-in glyph; the
 * second is harmless, as those characters show nothing in any font.
 */
final class LetterFonts {

    /** The CSS family of the Liberation Sans faces. */
    static final String SANS = "Letter Sans";
    /** The CSS family of the Liberation Mono faces. */
    static final String MONO = "Letter Mono";

    private static final String[][] LIBERATION = {
            {SANS, "LiberationSans-Regular", "400", "NORMAL"},
            {SANS, "LiberationSans-Bold", "700", "NORMAL"},
            {SANS, "LiberationSans-Italic", "400", "ITALIC"},
            {SANS, "LiberationSans-BoldItalic", "700", "ITALIC"},
            {MONO, "LiberationMono-Regular", "400", "NORMAL"},
            {MONO, "LiberationMono-Bold", "700", "NORMAL"},
            {MONO, "LiberationMono-Italic", "400", "ITALIC"},
            {MONO, "LiberationMono-BoldItalic", "700", "ITALIC"},
    };

    private record Face(String family, int weight, FontStyle style, byte[] ttf, CmapLookup cmap) {
    }

    private final List<Face> faces;
    private final List<CmapLookup> sans;
    private final List<CmapLookup> host;
    private final List<String> hostFamilies;
    private final byte[] fingerprint;

    private LetterFonts(List<Face> faces, List<String> hostFamilies) {
        this.faces = List.copyOf(faces);
        this.hostFamilies = List.copyOf(hostFamilies);
        this.sans = faces.stream().filter(f -> f.family().equals(SANS)).map(Face::cmap).toList();
        this.host = faces.stream().filter(f -> hostFamilies.contains(f.family())).map(Face::cmap).toList();
        MessageDigest digest = Digests.sha256();
        for (Face face : faces) {
            digest.update(face.family().getBytes(StandardCharsets.UTF_8));
            digest.update(Digests.sha256(face.ttf()));
        }
        this.fingerprint = digest.digest();
    }

    /**
     * @param hostFonts the host's families, in the order they are tried, each a TrueType font
     * @return the Liberation faces and the host's fonts, read and parsed
     * @throws IllegalArgumentException when a host font cannot be read or parsed
     */
    static LetterFonts load(Map<String, Supplier<InputStream>> hostFonts) {
        List<Face> faces = new ArrayList<>();
        for (String[] face : LIBERATION) {
            String resource = "/liberation/" + face[1] + ".ttf";
            byte[] ttf;
            try (InputStream in = LetterFonts.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the class path: the letters module needs"
                            + " com.github.librepdf:openpdf-fonts-extra");
                }
                ttf = TrueTypeTables.without(in.readAllBytes(), Set.of("GSUB"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            faces.add(new Face(face[0], Integer.parseInt(face[2]), FontStyle.valueOf(face[3]), ttf, cmap(resource, ttf)));
        }
        for (Map.Entry<String, Supplier<InputStream>> font : new LinkedHashMap<>(hostFonts).entrySet()) {
            byte[] ttf;
            try (InputStream in = Objects.requireNonNull(font.getValue().get(), "the font supplier of " + font.getKey()
                    + " gave null")) {
                ttf = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the font " + font.getKey() + ": " + e.getMessage(), e);
            }
            faces.add(new Face(font.getKey(), 400, FontStyle.NORMAL, ttf, cmap(font.getKey(), ttf)));
        }
        return new LetterFonts(faces, List.copyOf(hostFonts.keySet()));
    }

    private static CmapLookup cmap(String name, byte[] ttf) {
        try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(ttf))) {
            CmapLookup cmap = font.getUnicodeCmapLookup(false);
            if (cmap == null) {
                throw new IllegalArgumentException("the font " + name + " has no Unicode character map");
            }
            // The lookup is fully read by now and keeps no reference to the font's data: closing the font is safe.
            return cmap;
        } catch (IOException e) {
            throw new IllegalArgumentException("the font " + name + " is not a TrueType font PDFBox can read: "
                    + e.getMessage(), e);
        }
    }

    /** @param builder a renderer's builder: every face, embedded as a subset (only the glyphs a letter uses) */
    void register(PdfRendererBuilder builder) {
        for (Face face : faces) {
            byte[] ttf = face.ttf();
            builder.useFont(() -> new ByteArrayInputStream(ttf), face.family(), face.weight(), face.style(), true);
        }
    }

    /** @return the CSS font-family list of ordinary text: Liberation Sans, then the host's families */
    String sansFamilies() {
        return families(List.of(SANS));
    }

    /** @return the CSS font-family list of code: Liberation Mono, Liberation Sans, then the host's families */
    String monoFamilies() {
        return families(List.of(MONO, SANS));
    }

    private String families(List<String> first) {
        List<String> all = new ArrayList<>(first);
        all.addAll(hostFamilies);
        return String.join(", ", all.stream().map(f -> "'" + f + "'").toList());
    }

    /** @return a digest of every face's family and bytes: a letter's PDF depends on them as on its text */
    byte[] fingerprint() {
        return fingerprint.clone();
    }

    /**
     * @param field the part of the letter the text is in, for the error
     * @param text  text as it will be drawn, or {@code null}
     * @throws UnrenderableTextException for the first character that no font can show
     */
    void check(String field, CharSequence text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (!covered(cp)) {
                throw new UnrenderableTextException(field, cp);
            }
        }
    }

    /**
     * Whether openhtmltopdf will draw the character with a real glyph (or, for an invisible character, draw nothing,
     * as it should).
     */
    boolean covered(int cp) {
        if (cp < 0x80 && cp >= 0x20 && cp != 0x7F) {
            return true; // printable ASCII: every Liberation face has it
        }
        if (invisible(cp)) {
            return true;
        }
        boolean inEverySans = true;
        for (CmapLookup face : sans) {
            if (face.getGlyphId(cp) == 0) {
                inEverySans = false;
                break;
            }
        }
        if (inEverySans) {
            return true;
        }
        for (CmapLookup face : host) {
            if (face.getGlyphId(cp) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Characters that show nothing, which openhtmltopdf skips when no font has them: controls (HTML whitespace among
     * them), format characters (zero-width joiners and spaces, direction marks, the soft hyphen).
     */
    static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }
}
