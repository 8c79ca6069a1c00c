package io.github.commscentre.letters;

import com.openhtmltopdf.extend.FSCacheEx;
import com.openhtmltopdf.extend.FSCacheValue;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceType;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Renders a letter to PDF with openhtmltopdf on PDFBox: A4, the organisation's letterhead, the recipient's name and
 * address where a windowed envelope shows them, the date, the subject, the sanitised body, and "Page n of m" with the
 * letterhead's footer on every page ({@code docs/letters.md} shows one).
 *
 * <p><b>Fonts.</b> Text is set in Liberation Sans (Latin, Greek, Cyrillic), embedded as a subset, so that no font of
 * the printing machine is needed. {@link Builder#font} adds the host's fonts (for Chinese, say), tried in order for
 * characters Liberation lacks. A character that no font can show fails the render with
 * {@link UnrenderableTextException} naming it and the field it is in: a letter is never printed with a missing glyph.
 *
 * <p><b>Same letter, same bytes.</b> The PDF depends on nothing but the letter, the letterhead and the fonts: its
 * dates are the letter's date, its producer is fixed, and its document id is derived from its content. Rendering it
 * again, on any JVM, any day, gives the same bytes, so the SHA-256 of the letter sent (which the print-batch channel
 * records in the audit trail) proves the copy shown later.
 *
 * <p>Nothing is fetched while rendering: an image in the body is printed as its description, and only the logo, given
 * as bytes, is drawn. Instances are immutable and thread-safe.
 */
public final class PdfLetterRenderer implements LetterRenderer {

    /** The producer every letter's metadata names. */
    public static final String PRODUCER = "Communications Centre letters (openhtmltopdf, PDFBox)";

    private static final String LOGO_URI = "data:image/png;base64,";
    private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _-]{0,62}");

    private final Letterhead letterhead;
    private final LetterFonts fonts;
    /** Font metrics across renders, so that a host font is loaded only for a letter that uses it. */
    private final FSCacheEx<String, FSCacheValue> fontMetrics = new ConcurrentCache();

    private PdfLetterRenderer(Letterhead letterhead, LetterFonts fonts) {
        this.letterhead = letterhead;
        this.fonts = fonts;
    }

    /** @return a builder; a letterhead is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the letterhead every letter carries */
    public Letterhead letterhead() {
        return letterhead;
    }

    /**
     * @param letter what to render; {@code recipientId == null} renders a preview, with a note where the address goes
     * @return the PDF
     * @throws UnrenderableTextException when a character of the subject, body, name or address has no glyph in any
     *                                   font
     * @throws IllegalStateException     when openhtmltopdf fails (the cause says how)
     */
    @Override
    public byte[] render(Letter letter) {
        Objects.requireNonNull(letter, "letter must not be null");
        String xhtml = LetterDocument.xhtml(letter, letterhead, fonts);
        try (PDDocument doc = new PDDocument(IOUtils.createMemoryOnlyStreamCache())) {
            PdfRendererBuilder builder = new PdfRendererBuilder()
                    .useFastMode()
                    .usePdfUaAccessibility(true)
                    .usePDDocument(doc)
                    .withHtmlContent(xhtml, null)
                    .withProducer(PRODUCER)
                    .useExternalResourceAccessControl(PdfLetterRenderer::onlyTheLogo,
                            ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                    .useExternalResourceAccessControl(PdfLetterRenderer::onlyTheLogo,
                            ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, fontMetrics);
            fonts.register(builder);
            try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
                renderer.createPDFWithoutClosing();
            }
            fixMetadata(doc, letter, documentId(xhtml));
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("the letter of communication " + letter.communicationId() + " could not be"
                    + " rendered: " + e.getMessage(), e);
        }
    }

    private static boolean onlyTheLogo(String uri, ExternalResourceType type) {
        return type == ExternalResourceType.IMAGE_RASTER && uri != null && uri.startsWith(LOGO_URI);
    }

    /** 16 bytes of the SHA-256 of what the PDF is made from: its XHTML (the logo included) and the fonts. */
    private byte[] documentId(String xhtml) {
        MessageDigest digest = Digests.sha256();
        digest.update(PRODUCER.getBytes(StandardCharsets.UTF_8));
        digest.update(fonts.fingerprint());
        digest.update(xhtml.getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest.digest(), 16);
    }

    /**
     * Replaces what PDFBox and openhtmltopdf would take from the clock (the creation date, the document id) with what
     * the letter says.
     */
    private void fixMetadata(PDDocument doc, Letter letter, byte[] id) {
        PDDocumentInformation info = new PDDocumentInformation();
        info.setTitle(LetterDocument.clean(letter.subject()));
        info.setAuthor(letterhead.organisationName());
        info.setCreator("Communications Centre");
        info.setProducer(PRODUCER);
        Calendar date = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
        date.clear();
        date.set(letter.date().getYear(), letter.date().getMonthValue() - 1, letter.date().getDayOfMonth());
        info.setCreationDate(date);
        info.setModificationDate(date);
        info.setCustomMetadataValue("CommunicationId", letter.communicationId().toString());
        if (letter.recipientId() != null) {
            info.setCustomMetadataValue("RecipientId", letter.recipientId().toString());
        }
        doc.setDocumentInformation(info);
        COSArray ids = new COSArray();
        ids.add(new COSString(id));
        ids.add(new COSString(id));
        doc.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    /** A thread-safe cache for openhtmltopdf (its own is not). */
    private static final class ConcurrentCache implements FSCacheEx<String, FSCacheValue> {
        private final ConcurrentHashMap<String, FSCacheValue> values = new ConcurrentHashMap<>();

        @Override
        public void put(String key, FSCacheValue value) {
            values.put(key, value);
        }

        @Override
        public FSCacheValue get(String key, Callable<? extends FSCacheValue> loader) {
            FSCacheValue value = values.get(key);
            if (value == null) {
                try {
                    value = loader.call();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot load " + key, e);
                }
                if (value != null) {
                    values.putIfAbsent(key, value);
                }
            }
            return value;
        }

        @Override
        public FSCacheValue get(String key) {
            return values.get(key);
        }
    }

    /** Builds a {@link PdfLetterRenderer}. */
    public static final class Builder {
        private Letterhead letterhead;
        private final Map<String, Supplier<InputStream>> fonts = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param letterhead the organisation's name, address, logo and footer, on every letter
         * @return this builder
         */
        public Builder letterhead(Letterhead letterhead) {
            this.letterhead = Objects.requireNonNull(letterhead, "letterhead must not be null");
            return this;
        }

        /**
         * Adds a font for characters the embedded Liberation Sans lacks (Chinese, Japanese, Korean, Arabic, ...).
         * Fonts are tried in the order they are added; each is read once, when {@link #build()} is called, and
         * embedded as a subset in every letter that uses it.
         *
         * @param family a name for it: letters, digits, spaces, {@code _} and {@code -}
         * @param ttf    the TrueType font's bytes (a {@code .ttf}; not a collection, {@code .ttc})
         * @return this builder
         */
        public Builder font(String family, Supplier<InputStream> ttf) {
            Objects.requireNonNull(family, "family must not be null");
            Objects.requireNonNull(ttf, "ttf must not be null");
            if (!FAMILY.matcher(family).matches()) {
                throw new IllegalArgumentException("a font family is 1 to 63 letters, digits, spaces, _ or -: '" + family + "'");
            }
            String key = family.toLowerCase(Locale.ROOT);
            if (key.equals(LetterFonts.SANS.toLowerCase(Locale.ROOT)) || key.equals(LetterFonts.MONO.toLowerCase(Locale.ROOT))
                    || fonts.keySet().stream().anyMatch(f -> f.toLowerCase(Locale.ROOT).equals(key))) {
                throw new IllegalArgumentException("the font family " + family + " is already registered");
            }
            fonts.put(family, ttf);
            return this;
        }

        /**
         * @return the renderer, with every font read
         * @throws IllegalStateException      without a letterhead
         * @throws IllegalArgumentException   when a font cannot be read
         * @throws UnrenderableTextException  when the letterhead has a character no font can show
         */
        public PdfLetterRenderer build() {
            if (letterhead == null) {
                throw new IllegalStateException("a Letterhead is required: pass letterhead(Letterhead.builder(\"Your"
                        + " Organisation Ltd\").address(...).build())");
            }
            Slf4jXRLogger.installUnlessConfigured();
            LetterFonts loaded = LetterFonts.load(fonts);
            loaded.check("letterhead", letterhead.organisationName());
            for (String line : letterhead.address()) {
                loaded.check("letterhead", line);
            }
            loaded.check("letterhead", letterhead.footer());
            return new PdfLetterRenderer(letterhead, loaded);
        }
    }
}
