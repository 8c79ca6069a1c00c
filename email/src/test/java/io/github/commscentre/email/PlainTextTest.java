package io.github.commscentre.email;

import io.github.commscentre.HtmlSanitizer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-text alternative: what a reader without HTML sees. */
class PlainTextTest {

    @Test
    void paragraphsAreSeparatedByABlankLine() {
        assertThat(PlainText.of("<p>We intend to replace the roof.</p><p>Works start in May.</p>"))
                .isEqualTo("We intend to replace the roof.\n\nWorks start in May.");
    }

    @Test
    void aLineBreakStartsANewLineAndTwoLeaveABlankOne() {
        assertThat(PlainText.of("<p>Harbour Estates<br>1 Quay Street<br/>Bristol</p>"))
                .isEqualTo("Harbour Estates\n1 Quay Street\nBristol");
        assertThat(PlainText.of("Dear Ann,<br><br>Thank you.")).isEqualTo("Dear Ann,\n\nThank you.");
    }

    @Test
    void aLinkKeepsItsAddressAfterItsText() {
        assertThat(PlainText.of("<p>Read the <a href=\"https://example.com/s20\">notice</a> today.</p>"))
                .isEqualTo("Read the notice (https://example.com/s20) today.");
    }

    @Test
    void aLinkWhoseTextIsItsAddressIsWrittenOnce() {
        assertThat(PlainText.of("<a href=\"https://example.com/s20\">https://example.com/s20</a>"))
                .isEqualTo("https://example.com/s20");
        assertThat(PlainText.of("Write to <a href=\"mailto:office@example.com\">office@example.com</a>."))
                .isEqualTo("Write to office@example.com.");
        assertThat(PlainText.of("<a href=\"https://example.com/s20\"></a>")).isEqualTo("https://example.com/s20");
    }

    @Test
    void whiteSpaceIsCollapsedAsABrowserDoes() {
        assertThat(PlainText.of("<p>  The   roof\n   works\t will   start  </p>")).isEqualTo("The roof works will start");
    }

    @Test
    void headingsStandAsParagraphs() {
        assertThat(PlainText.of("<h1>Section 20 notice</h1><p>Dear leaseholder,</p><h2>The works</h2><p>Roof.</p>"))
                .isEqualTo("Section 20 notice\n\nDear leaseholder,\n\nThe works\n\nRoof.");
    }

    @Test
    void listItemsAreMarkedAndNumbered() {
        assertThat(PlainText.of("<p>Works:</p><ul><li>roof</li><li>gutters</li></ul><ol><li>quote</li><li>notice</li></ol><p>End.</p>"))
                .isEqualTo("Works:\n\n- roof\n- gutters\n\n1. quote\n2. notice\n\nEnd.");
    }

    @Test
    void aNestedListIsIndented() {
        assertThat(PlainText.of("<ul><li>roof<ul><li>slates</li><li>flashing</li></ul></li><li>gutters</li></ul>"))
                .isEqualTo("- roof\n  - slates\n  - flashing\n- gutters");
    }

    @Test
    void tableCellsAreSeparatedAndRowsOnLinesOfTheirOwn() {
        assertThat(PlainText.of("<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Roof</td><td>£12,000</td></tr></table>"))
                .isEqualTo("Item | Cost\nRoof | £12,000");
    }

    @Test
    void entitiesAreDecodedAndANonBreakingSpaceKept() {
        assertThat(PlainText.of("<p>Smith &amp; Sons &lt;contractors&gt; £5&nbsp;000</p>"))
                .isEqualTo("Smith & Sons <contractors> £5\u00a0000");
    }

    @Test
    void preformattedTextKeepsItsLines() {
        assertThat(PlainText.of("<p>Costs:</p><pre>Roof      12,000\nGutters    1,500</pre>"))
                .isEqualTo("Costs:\n\nRoof      12,000\nGutters    1,500");
    }

    @Test
    void anImageIsItsAltText() {
        assertThat(PlainText.of("<p><img src=\"https://example.com/plan.png\" alt=\"Site plan\"> attached</p>"))
                .isEqualTo("[Site plan] attached");
        assertThat(PlainText.of("<p><img src=\"https://example.com/logo.png\">Harbour</p>")).isEqualTo("Harbour");
    }

    @Test
    void nothingVisibleIsEmpty() {
        assertThat(PlainText.of("")).isEmpty();
        assertThat(PlainText.of("<p> </p><br>")).isEmpty();
    }

    @Test
    void whatTheStandardSanitiserKeepsReadsWell() {
        String html = HtmlSanitizer.standard().sanitize("<h2>Service charge</h2><p>Dear Ann,<br>your demand is "
                + "<strong>£1,250</strong>, due <em>1 April</em>.</p><p>Pay at <a href=\"https://pay.example.com\" "
                + "onclick=\"x()\">our portal</a>.<script>alert(1)</script></p>");

        assertThat(PlainText.of(html)).isEqualTo("Service charge\n\nDear Ann,\nyour demand is £1,250, due 1 April.\n\n"
                + "Pay at our portal (https://pay.example.com).");
    }
}
