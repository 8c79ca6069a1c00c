package io.github.commscentre.internal;

import io.github.commscentre.HtmlSanitizer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

import java.util.Objects;

/** The jsoup-backed {@link HtmlSanitizer}. */
public final class JsoupHtmlSanitizer implements HtmlSanitizer {

    private final Safelist safelist;

    /** @param safelist the allowed tags, attributes and protocols */
    public JsoupHtmlSanitizer(Safelist safelist) {
        this.safelist = Objects.requireNonNull(safelist, "safelist must not be null");
    }

    /** @return jsoup's relaxed safelist, with links limited to http, https and mailto */
    public static JsoupHtmlSanitizer standard() {
        Safelist relaxed = Safelist.relaxed()
                .removeProtocols("a", "href", "ftp")
                .removeProtocols("img", "src", "http");
        return new JsoupHtmlSanitizer(relaxed);
    }

    @Override
    public String sanitize(String html) {
        // Pretty-printing would reflow the body on every save; keep the output as close to the input as safety allows.
        Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(html, "", safelist, output);
    }
}
