package io.github.commscentre.email;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.Set;

/**
 * The plain-text alternative of a sanitised HTML body, for mail readers that do not show HTML and for spam filters that
 * score a message without one. Paragraphs and headings are separated by a blank line, line breaks and list items start
 * a new line, and a link keeps its address: {@code <a href="https://x">the notice</a>} reads "the notice
 * (https://x)".
 */
final class PlainText {

    /** Elements that stand as a paragraph: a blank line before and after. */
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
            "ul", "ol", "dl", "table", "hr", "address", "figure");
    /** Elements that start on a line of their own. */
    private static final Set<String> LINES = Set.of("div", "li", "dt", "dd", "tr", "caption", "section", "article",
            "header", "footer", "main", "nav", "aside", "figcaption", "thead", "tbody", "tfoot");

    private final StringBuilder out = new StringBuilder();
    /** Line breaks owed before the next text: 0, 1 (a new line) or 2 (a blank line). */
    private int pendingBreaks;
    private boolean pendingSpace;

    private PlainText() {
    }

    /**
     * @param html a sanitised body fragment
     * @return its text, lines separated by {@code \n}, with no leading or trailing blank lines
     */
    static String of(String html) {
        PlainText text = new PlainText();
        text.children(Jsoup.parseBodyFragment(html).body(), 0);
        return text.finish();
    }

    private void children(Node parent, int listDepth) {
        for (Node child : parent.childNodes()) {
            node(child, listDepth);
        }
    }

    private void node(Node node, int listDepth) {
        if (node instanceof TextNode textNode) {
            if (isInPre(textNode)) {
                raw(textNode.getWholeText());
            } else {
                text(textNode.getWholeText());
            }
            return;
        }
        if (!(node instanceof Element element)) {
            return; // comments, data nodes: nothing a reader sees
        }
        String tag = element.normalName();
        switch (tag) {
            case "br" -> newLine();
            case "img" -> {
                String alt = element.attr("alt").strip();
                if (!alt.isEmpty()) {
                    text("[" + alt + "]");
                }
            }
            case "a" -> link(element, listDepth);
            case "li" -> listItem(element, listDepth);
            case "td", "th" -> {
                if (element.elementSiblingIndex() > 0) {
                    text(" | ");
                }
                children(element, listDepth);
            }
            case "ul", "ol" -> {
                breaks(listDepth == 0 ? 2 : 1);
                children(element, listDepth + 1);
                breaks(listDepth == 0 ? 2 : 1);
            }
            default -> {
                int around = PARAGRAPHS.contains(tag) ? 2 : LINES.contains(tag) ? 1 : 0;
                breaks(around);
                children(element, listDepth);
                breaks(around);
            }
        }
    }

    private void link(Element a, int listDepth) {
        int start = out.length();
        children(a, listDepth);
        String shown = out.substring(start).strip();
        String href = a.attr("href").strip();
        if (href.isEmpty() || href.startsWith("#")) {
            return;
        }
        String address = href.regionMatches(true, 0, "mailto:", 0, 7) ? href.substring(7) : href;
        if (shown.isEmpty()) {
            text(address);
        } else if (!shown.equals(address) && !shown.equals(href)) {
            text(" (" + address + ")");
        }
    }

    private void listItem(Element li, int listDepth) {
        breaks(1);
        int depth = Math.max(listDepth, 1);
        String marker;
        Element list = li.parent();
        if (list != null && list.normalName().equals("ol")) {
            int number = 1;
            for (Element sibling = li.previousElementSibling(); sibling != null; sibling = sibling.previousElementSibling()) {
                if (sibling.normalName().equals("li")) {
                    number++;
                }
            }
            marker = number + ". ";
        } else {
            marker = "- ";
        }
        flushBreaks();
        out.append("  ".repeat(depth - 1)).append(marker);
        pendingSpace = false;
        children(li, listDepth);
        breaks(1);
    }

    private static boolean isInPre(TextNode node) {
        for (Node parent = node.parent(); parent instanceof Element element; parent = parent.parent()) {
            if (element.normalName().equals("pre")) {
                return true;
            }
        }
        return false;
    }

    /** Text as HTML shows it: runs of white space are one space, and no space starts a line. */
    private void text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) { // not U+00A0: a non-breaking space was meant
                pendingSpace = true;
                continue;
            }
            flushBreaks();
            if (pendingSpace && out.length() > 0 && !atLineStart()) {
                out.append(' ');
            }
            pendingSpace = false;
            out.append(c);
        }
    }

    /** Preformatted text, kept as it is. */
    private void raw(String text) {
        flushBreaks();
        pendingSpace = false;
        out.append(text.replace("\r\n", "\n").replace('\r', '\n'));
    }

    private void newLine() {
        // A <br> is a line break even when another follows: two of them leave a blank line, as in the HTML.
        flushBreaks();
        out.append('\n');
        pendingSpace = false;
    }

    private void breaks(int count) {
        pendingBreaks = Math.max(pendingBreaks, count);
        if (count > 0) {
            pendingSpace = false;
        }
    }

    private void flushBreaks() {
        if (pendingBreaks > 0 && out.length() > 0) {
            int trailing = 0;
            for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) {
                trailing++;
            }
            for (int i = trailing; i < pendingBreaks; i++) {
                out.append('\n');
            }
        }
        pendingBreaks = 0;
    }

    private boolean atLineStart() {
        return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private String finish() {
        String[] lines = out.toString().split("\n", -1);
        StringBuilder text = new StringBuilder(out.length());
        for (String line : lines) {
            text.append(line.stripTrailing()).append('\n');
        }
        return text.toString().strip().isEmpty() ? "" : stripBlankEdges(text.toString());
    }

    private static String stripBlankEdges(String text) {
        int start = 0;
        while (start < text.length() && text.charAt(start) == '\n') {
            start++;
        }
        int end = text.length();
        while (end > start && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(start, end);
    }
}
