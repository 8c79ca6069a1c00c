package io.github.commscentre.testkit;

import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.HtmlSanitizer;
import org.jsoup.safety.Safelist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies are cleaned of anything active before they are stored; the host may choose the safelist. */
abstract class HtmlSanitisingBehaviour extends BehaviourFixture {

    private String storedBody(String html) {
        Communication c = create(notice("Body").bodyHtml(html).build());
        String stored = current(c.id()).bodyHtml();
        assertThat(c.bodyHtml()).isEqualTo(stored);
        return stored;
    }

    @Test
    void ordinaryFormattingIsKept() {
        String body = storedBody("<h2>Roof works</h2><p>Dear <strong>leaseholder</strong>, <em>please</em> see "
                + "<a href=\"https://example.com/s20\">the notice</a> and <b>bold</b> <i>italic</i> <u>underlined</u>.</p>"
                + "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
                + "<table><tbody><tr><td>Flat 1</td><td>£1,200</td></tr></tbody></table>"
                + "<p>Line<br>break</p><blockquote>quoted</blockquote>"
                + "<img src=\"https://example.com/logo.png\" alt=\"logo\">");
        assertThat(body).contains("<h2>Roof works</h2>", "<strong>leaseholder</strong>", "<em>please</em>",
                "href=\"https://example.com/s20\"", ">the notice</a>", "<b>bold</b>", "<i>italic</i>",
                "<u>underlined</u>", "<ul><li>one</li><li>two</li></ul>", "<ol><li>first</li></ol>", "<table>",
                "<td>Flat 1</td>", "£1,200", "<br>", "<blockquote>quoted</blockquote>",
                "src=\"https://example.com/logo.png\"", "alt=\"logo\"");
    }

    @Test
    void plainTextIsKeptAsItIs() {
        assertThat(storedBody("Dear leaseholder, the lift is fixed.")).isEqualTo("Dear leaseholder, the lift is fixed.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<p>Hi</p><script>alert('x')</script>", "<p>Hi</p><SCRIPT type=\"text/javascript\">alert('x')</SCRIPT>",
        "<p>Hi<script src=\"https://evil.example/x.js\"></script></p>"})
    void scriptsAreRemoved(String html) {
        String body = storedBody(html).toLowerCase();
        assertThat(body).doesNotContain("<script", "alert(", "evil.example").contains("hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=\"https://example.com/a.png\" onerror=\"alert(1)\">",
        "<p onclick=\"steal()\">Click</p>", "<a href=\"https://example.com\" onmouseover=\"steal()\">x</a>",
        "<body onload=\"steal()\"><p>x</p></body>", "<p ONFOCUS=\"steal()\">x</p>"})
    void eventHandlerAttributesAreRemoved(String html) {
        String body = storedBody(html).toLowerCase();
        assertThat(body).doesNotContain("onerror", "onclick", "onmouseover", "onload", "onfocus", "steal(", "alert(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<a href=\"javascript:alert(1)\">click</a>", "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\" javascript:alert(1)\">click</a>", "<img src=\"javascript:alert(1)\">click"})
    void javascriptUrlsAreRemoved(String html) {
        String body = storedBody(html).toLowerCase();
        assertThat(body).doesNotContain("javascript", "alert(").contains("click");
    }

    @Test
    void framesObjectsAndEmbedsAreRemoved() {
        String body = storedBody("<p>Before</p><iframe src=\"https://evil.example/\"></iframe>"
                + "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x.swf\">"
                + "<p>After</p>").toLowerCase();
        assertThat(body).doesNotContain("<iframe", "<object", "<embed", "evil.example").contains("before", "after");
    }

    @Test
    void styleAttributesAreRemoved() {
        assertThat(storedBody("<p style=\"background:url(javascript:alert(1))\">x</p>").toLowerCase())
                .doesNotContain("style", "javascript");
    }

    @Test
    void updatesAreSanitisedToo() {
        Communication c = draft();
        Communication u = centre.update(admin, c.id(), CommunicationChanges.builder()
                .bodyHtml("<p>New</p><script>alert(1)</script><a href=\"javascript:x()\" onclick=\"y()\">l</a>").build());
        assertThat(u.bodyHtml().toLowerCase()).doesNotContain("<script", "javascript", "onclick").contains("<p>new</p>");
        assertThat(current(c.id())).isEqualTo(u);
    }

    @Test
    void thePolicyCanBeReplacedThroughTheBuilder() {
        CommunicationCentre textOnly = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .htmlSanitizer(HtmlSanitizer.withSafelist(Safelist.none())).build();
        Communication c = textOnly.create(admin, notice("Text only").bodyHtml("<p>Hello <b>there</b></p>").build());
        assertThat(c.bodyHtml()).isEqualTo("Hello there");

        CommunicationCentre custom = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .htmlSanitizer(html -> "[cleaned " + html.length() + "]").build();
        Communication d = custom.create(admin, notice("Custom").bodyHtml("<p>abc</p>").build());
        assertThat(d.bodyHtml()).isEqualTo("[cleaned 10]");
        assertThat(centre.getById(admin, d.id()).communication().bodyHtml()).isEqualTo("[cleaned 10]");
    }

    @Test
    void theLimitAppliesToTheBodyAfterSanitising() {
        // A million no-break spaces are a million characters as given, and six million once escaped as &nbsp;.
        String spaces = "\u00A0".repeat(1_000_000);
        CommunicationCentreException e = badRequest("bodyHtml", () -> centre.create(admin, notice("Spaces").bodyHtml(spaces).build()));
        assertThat(e.getMessage()).contains("after sanitising");
        Communication c = draft();
        badRequest("bodyHtml", () -> centre.update(admin, c.id(), CommunicationChanges.builder().bodyHtml(spaces).build()));
    }

    @Test
    void anInputLargerThanTheLimitIsAcceptedWhenItsSanitisedBodyFits() {
        String kept = "<p>" + "k".repeat(999_000) + "</p>";
        String script = "<script>" + "s".repeat(2_000_000 - kept.length() - "<script></script>".length()) + "</script>";
        assertThat((kept + script).length()).isEqualTo(2_000_000);
        assertThat(storedBody(kept + script)).isEqualTo(kept);
    }

    @Test
    void anInputOverTwiceTheLimitIsRefusedBeforeTheSanitiserRuns() {
        AtomicInteger sanitised = new AtomicInteger();
        CommunicationCentre counting = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .htmlSanitizer(html -> {
                    sanitised.incrementAndGet();
                    return "";
                }).build();
        CommunicationCentreException e = badRequest("bodyHtml", () -> counting.create(admin,
                notice("Huge").bodyHtml("<p>" + "x".repeat(2_000_000) + "</p>").build()));
        assertThat(e.getMessage()).contains("before sanitising");
        assertThat(sanitised).as("the sanitiser never saw the oversized body").hasValue(0);
        counting.create(admin, notice("Fits").bodyHtml("x".repeat(2_000_000)).build());
        assertThat(sanitised).as("an input of exactly twice the limit reaches the sanitiser").hasValue(1);
    }

    @Test
    void duplicateCleansTheCopiedBodyUnderTheCurrentPolicy() {
        // A body stored under an older, laxer policy (here: none at all) is not copied as it is.
        CommunicationCentre permissive = CommunicationCentre.builder().store(store).directory(directory).clock(clock)
                .htmlSanitizer(html -> html).build();
        String lax = "<p onclick=\"steal()\">Dear leaseholder</p><script>alert(1)</script><a href=\"javascript:x()\">l</a>";
        Communication source = permissive.create(admin, notice("Stored under a lax policy").bodyHtml(lax).build());
        known.add(source.id());
        assertThat(current(source.id()).bodyHtml()).isEqualTo(lax);

        tick();
        Communication copy = duplicate(source.id(), false);

        assertThat(copy.bodyHtml()).isEqualTo(centre.create(admin, notice("Cleaned").bodyHtml(lax).build()).bodyHtml());
        assertThat(copy.bodyHtml().toLowerCase()).doesNotContain("<script", "onclick", "javascript", "alert(")
                .contains("dear leaseholder");
        assertThat(current(copy.id()).bodyHtml()).isEqualTo(copy.bodyHtml());
        assertThat(trail(copy.id()).get(0).details()).containsEntry("bodySha256", BehaviourChecks.sha256(copy.bodyHtml()));
    }
}
