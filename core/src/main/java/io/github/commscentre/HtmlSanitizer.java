package io.github.commscentre;

import io.github.commscentre.internal.JsoupHtmlSanitizer;
import org.jsoup.safety.Safelist;

/**
 * Cleans a communication's HTML body before it is stored, because it will be shown to leaseholders.
 * The default ({@link #standard()}) is jsoup's relaxed safelist: formatting, lists, tables, images and
 * links stay; scripts, event-handler attributes, {@code javascript:} URLs, iframes, objects, embeds
 * and style attributes go. Replace it through {@link CommunicationCentreBuilder#htmlSanitizer}.
 */
@FunctionalInterface
public interface HtmlSanitizer {

    /**
     * @param html the body as given by the caller, never {@code null}
     * @return the cleaned body to store
     */
    String sanitize(String html);

    /** @return the default policy: jsoup's relaxed safelist, links limited to http, https and mailto */
    static HtmlSanitizer standard() {
        return JsoupHtmlSanitizer.standard();
    }

    /**
     * @param safelist a jsoup safelist describing the allowed tags, attributes and protocols
     * @return a sanitiser applying that safelist
     */
    static HtmlSanitizer withSafelist(Safelist safelist) {
        return new JsoupHtmlSanitizer(safelist);
    }
}
