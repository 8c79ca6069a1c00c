package io.github.commscentre.letters;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.Letter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A letter as the well-formed XHTML openhtmltopdf lays out: the letterhead, the address block, the date, the subject
 * and the body, built as a jsoup tree (never by pasting strings together) and written with XML syntax, so that nothing
 * in the body can change the page's structure.
 *
 * <p>Before that, every text the letter shows is checked against the fonts: the first character without a glyph
 * fails the render, naming the field it is in.
 */
final class LetterDocument {

    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.UK);

    /**
     * What a body may hold once more, whatever sanitiser the host configured: jsoup's relaxed list (no style
     * attribute can move text over the address window, no script, no frame). Images are then replaced by their
     * description: a letter is laid out from what it carries, never from the network.
     */
    private static final Safelist BODY = Safelist.relaxed();

    private static final String CSS = readCss();

    private LetterDocument() {
    }

    /**
     * @param letter     the letter
     * @param letterhead the organisation's letterhead
     * @param fonts      the fonts, for the check and the CSS font families
     * @return the letter's XHTML
     * @throws io.github.commscentre.spi.LetterRenderer.UnrenderableTextException when a character has no glyph
     */
    static String xhtml(Letter letter, Letterhead letterhead, LetterFonts fonts) {
        fonts.check("subject", letter.subject());
        fonts.check("recipientName", letter.recipientName());
        if (letter.postalAddress() != null) {
            for (String line : letter.postalAddress().blockLines()) {
                fonts.check("postalAddress", line);
            }
        }
        Element body = body(letter.bodyHtml());
        for (Element element : body.getAllElements()) {
            for (TextNode text : element.textNodes()) {
                fonts.check("bodyHtml", text.getWholeText());
            }
        }

        Document doc = Document.createShell("");
        doc.outputSettings()
                .syntax(Document.OutputSettings.Syntax.xml)
                .escapeMode(Entities.EscapeMode.xhtml)
                .charset(StandardCharsets.UTF_8)
                .prettyPrint(false);
        doc.selectFirst("html").attr("lang", "en-GB");
        doc.head().appendElement("title").text(clean(letter.subject()));
        doc.head().appendElement("meta").attr("name", "subject").attr("content", clean(letter.subject()));
        doc.head().appendElement("style").appendChild(new org.jsoup.nodes.DataNode(CSS
                .replace("%SANS%", fonts.sansFamilies())
                .replace("%MONO%", fonts.monoFamilies())));
        Element page = doc.body();

        // A running element shows from the page where it stands: first in the body, it is on every page.
        Element footer = page.appendElement("div").addClass("footer");
        for (String line : letterhead.footer().lines().toList()) {
            footer.appendElement("div").text(line);
        }

        Element head = page.appendElement("div").addClass("letterhead");
        byte[] logo = letterhead.logoPngOrNull();
        if (logo != null) {
            head.appendElement("img").addClass("logo").attr("alt", letterhead.organisationName())
                    .attr("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(logo));
        }

        Element window = page.appendElement("div").addClass("window");
        Element address = window.appendElement("div").addClass("address");
        if (letter.recipientId() == null) {
            address.addClass("preview");
            address.appendElement("div").text("Preview: no recipient.");
            address.appendElement("div").text("Each letter shows its recipient's name");
            address.appendElement("div").text("and postal address here.");
        } else {
            for (String line : addressBlock(letter)) {
                address.appendElement("div").addClass("line").text(clean(line));
            }
        }
        Element sender = window.appendElement("div").addClass("sender");
        sender.appendElement("div").addClass("organisation").text(letterhead.organisationName());
        for (String line : letterhead.address()) {
            sender.appendElement("div").text(line);
        }

        page.appendElement("p").addClass("date").text(UK_DATE.format(letter.date()));
        page.appendElement("h1").addClass("subject").text(clean(letter.subject()));
        page.appendChild(body);

        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc.outerHtml();
    }

    /** @return the lines of the address block: the name, then the address, as far as the letter has them */
    static List<String> addressBlock(Letter letter) {
        List<String> lines = new ArrayList<>();
        if (letter.recipientName() != null && !letter.recipientName().isBlank()) {
            lines.add(letter.recipientName().strip());
        }
        PostalAddress postal = letter.postalAddress();
        if (postal != null) {
            lines.addAll(postal.blockLines());
        }
        return lines;
    }

    /** The sanitised body, cleaned once more, images replaced by their description, link targets written out. */
    private static Element body(String bodyHtml) {
        Element body = new Element("div").addClass("body");
        if (bodyHtml == null || bodyHtml.isBlank()) {
            return body;
        }
        Document cleaned = Jsoup.parseBodyFragment(Jsoup.clean(bodyHtml, BODY));
        for (Element img : cleaned.body().select("img")) {
            String alt = img.attr("alt").strip();
            img.replaceWith(new Element("span").addClass("image").text(alt.isEmpty() ? "[image]" : "[image: " + alt + "]"));
        }
        for (Element link : cleaned.body().select("a[href]")) {
            String href = link.attr("href").strip();
            String shown = href.startsWith("mailto:") ? href.substring("mailto:".length()) : href;
            if (!shown.isEmpty() && !link.text().strip().equals(shown)) {
                link.after(new TextNode(" (" + shown + ")"));
            }
        }
        for (TextNode text : cleaned.body().select("*").textNodes()) {
            text.text(clean(text.getWholeText()));
        }
        List<Node> children = new ArrayList<>(cleaned.body().childNodes());
        for (Node child : children) {
            body.appendChild(child);
        }
        return body;
    }

    /** Drops the C0 controls XML 1.0 cannot hold (they show nothing); keeps tab, line feed and carriage return. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
            if (!keep && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (keep && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String readCss() {
        try (InputStream in = LetterDocument.class.getResourceAsStream("letter.css")) {
            if (in == null) {
                throw new IllegalStateException("letter.css is missing from the letters jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
