package io.github.commscentre.reliability;

import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.Role;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.reliability.support.Databases;
import io.github.commscentre.reliability.support.Databases.Database;
import io.github.commscentre.reliability.support.Fixture;
import io.github.commscentre.spi.CommunicationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table of hostile inputs across every call of the facade. Each one gets the documented error code (and
 * nothing is stored: the organisation looks the same before and after) or is stored and read back exactly
 * (cleaned HTML excepted, where no script, event handler or {@code javascript:} URL may survive), and each gives
 * the same answer on the in-memory store, H2 and PostgreSQL.
 */
class HostileInputCatalogueTest {

    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong CASES = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final Map<String, CommunicationStore> STORES = new LinkedHashMap<>();
    private static Database h2;
    private static Database postgres;
    private static final List<JpaCommunicationStore> JPA = new ArrayList<>();

    @BeforeAll
    static void startStores() {
        STORES.put("in-memory", new InMemoryCommunicationStore());
        h2 = Databases.h2("catalogue");
        JpaCommunicationStore h2Store = h2.newStore();
        JPA.add(h2Store);
        STORES.put("h2", h2Store);
        if (Databases.postgresConfigured()) {
            postgres = Databases.postgres("catalogue");
            JpaCommunicationStore pgStore = postgres.newStore();
            JPA.add(pgStore);
            STORES.put("postgresql", pgStore);
        } else {
            System.out.println("RELIABILITY skipped: " + Databases.POSTGRES_ENV
                    + " is not set, the hostile input catalogue runs on the in-memory store and H2 only");
        }
    }

    @AfterAll
    static void stopStores() {
        System.out.println("RELIABILITY hostile inputs: " + CASES.get() + " named cases tried on " + STORES.keySet() + ", "
                + CALLS.get() + " hostile calls; " + (CASES.get() - FAILED.get()) + " cases answered as documented and "
                + "identically on every store, " + FAILED.get() + " not");
        JPA.forEach(JpaCommunicationStore::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    // ---- the table ----------------------------------------------------------------------------------------

    /** What a case does with a fresh fixture. */
    interface Action {
        Object run(Fixture f);
    }

    /** For an accepted input: asserts the read-back and returns what must be identical on every store. */
    interface Check {
        String verify(Fixture f, Object result);
    }

    /**
     * @param setup  writes the case needs first (not part of the hostile call, so not part of "nothing stored")
     * @param action the hostile call
     */
    record Case(String name, Consumer<Fixture> setup, Action action, ErrorCode code, String field, Check check) {
        /** @return whether both outcomes are documented: refused with the code, or accepted and checked */
        boolean eitherWay() {
            return code != null && check != null;
        }
    }

    private static Case storedOrRejected(String name, String field, Action action, Check check) {
        return new Case(name, f -> { }, action, ErrorCode.BAD_REQUEST, field, check);
    }

    private static Case reject(String name, ErrorCode code, String field, Action action) {
        return new Case(name, f -> { }, action, code, field, null);
    }

    private static Case reject(String name, ErrorCode code, String field, Consumer<Fixture> setup, Action action) {
        return new Case(name, setup, action, code, field, null);
    }

    private static Case accept(String name, Action action, Check check) {
        return new Case(name, f -> { }, action, null, null, check);
    }

    private static final String[] DANGEROUS = {
        "<script", "javascript:", "onerror", "onload", "onclick", "onmouseover", "expression(", "<iframe", "<object",
        "<embed", "style=", "vbscript:", "<svg",
    };

    private static NewCommunication.Builder base() {
        return NewCommunication.builder(CommunicationType.NOTICE, "Catalogue");
    }

    private static Action create(Consumer<NewCommunication.Builder> customise) {
        return f -> {
            NewCommunication.Builder b = base();
            customise.accept(b);
            return f.centre.create(f.admin, b.build());
        };
    }

    private static Action createAs(Caller caller, Consumer<NewCommunication.Builder> customise) {
        return f -> {
            NewCommunication.Builder b = base();
            customise.accept(b);
            return f.centre.create(caller, b.build());
        };
    }

    /**
     * The communication read back by id and in the listing equals what the call returned, and the chosen field
     * holds exactly the expected text.
     */
    private static Check storedExactly(Function<Communication, Object> field, Object expected) {
        return (f, result) -> {
            Communication returned = (Communication) result;
            Communication reread = f.centre.getById(f.member, returned.id()).communication();
            assertThat(reread).isEqualTo(returned);
            assertThat(f.centre.list(f.member, CommunicationFilter.all(), PageRequest.first(100)).items())
                    .contains(CommunicationSummary.of(returned));
            assertThat(field.apply(reread)).isEqualTo(expected);
            assertThat(f.centre.verifyAuditTrail(f.member).intact()).isTrue();
            return String.valueOf(field.apply(reread));
        };
    }

    /** The body was cleaned: nothing executable survives, the harmless part does. */
    private static Check cleaned(String mustKeep) {
        return (f, result) -> {
            Communication returned = (Communication) result;
            String body = f.centre.getById(f.member, returned.id()).communication().bodyHtml();
            assertThat(body).isEqualTo(returned.bodyHtml());
            String lower = body.toLowerCase(Locale.ROOT);
            for (String token : DANGEROUS) {
                assertThat(lower).as("cleaned body %s", body).doesNotContain(token);
            }
            assertThat(body).contains(mustKeep);
            return body;
        };
    }

    private static Check counts(long expected, Function<Fixture, Long> count) {
        return (f, result) -> {
            assertThat(count.apply(f)).isEqualTo(expected);
            return "count " + expected;
        };
    }

    private static Check same(Object expected) {
        return (f, result) -> {
            assertThat(result).isEqualTo(expected);
            return String.valueOf(result);
        };
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String nul = "a\u0000b";
        String loneHigh = "a\uD800b";
        String loneLow = "\uDC00a";
        Instant far = Instant.parse("9999-12-31T23:59:59.999999Z");

        // ---- create: subject -------------------------------------------------------------------------------
        c.add(accept("subject of exactly 500 characters", f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "s".repeat(500)).build()),
                storedExactly(Communication::subject, "s".repeat(500))));
        c.add(reject("subject of 501 characters", ErrorCode.BAD_REQUEST, "subject",                 f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "s".repeat(501)).build())));
        c.add(accept("subject of 500 emoji (1,000 UTF-16 units) counts 500 characters",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "😀".repeat(500)).build()),
                storedExactly(Communication::subject, "😀".repeat(500))));
        c.add(reject("subject of 501 emoji", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "😀".repeat(501)).build())));
        c.add(reject("subject empty", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "").build())));
        c.add(reject("subject whitespace only (tab, newline, ideographic space)", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, " \t\n\u3000 ").build())));
        c.add(reject("subject null", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, null).build())));
        c.add(reject("subject with U+0000", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, nul).build())));
        c.add(reject("subject with a lone high surrogate", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, loneHigh).build())));
        c.add(reject("subject with a lone low surrogate", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, loneLow).build())));
        c.add(accept("subject padded with spaces is stored trimmed",
                f -> f.centre.create(f.admin, NewCommunication.builder(CommunicationType.NOTICE, "  \t Roof works \n ").build()),
                storedExactly(Communication::subject, "Roof works")));
        String rtl = "\u202Eإشعار الاجتماع\u202C \u05E9\u05DC\u05D5\u05DD";
        c.add(accept("subject right-to-left with bidi overrides", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, rtl).build()), storedExactly(Communication::subject, rtl)));
        String combining = "Cafe\u0301 Noe\u0308l Z\u0327\u0301\u0308";
        c.add(accept("subject with combining characters is not normalised", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, combining).build()), storedExactly(Communication::subject, combining)));
        String emoji = "👩‍👩‍👧‍👦 🏳️‍🌈 🇬🇧 🏠";
        c.add(accept("subject with emoji ZWJ sequences and flags", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, emoji).build()), storedExactly(Communication::subject, emoji)));
        String sql = "x'); DROP TABLE cc_communication; -- \" ; \\ \\' /* */";
        c.add(accept("subject with SQL metacharacters", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, sql).build()), storedExactly(Communication::subject, sql)));
        String jpql = "select c from CommunicationEntity c where c.subject = :subject or ?1 = 1 %_ ${x} #{y}";
        c.add(accept("subject with JPQL parameters and LIKE wildcards", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, jpql).build()), storedExactly(Communication::subject, jpql)));
        String scriptSubject = "<script>alert('subject')</script>";
        c.add(accept("subject is text, not HTML: kept exactly for the host to escape", f -> f.centre.create(f.admin,
                NewCommunication.builder(CommunicationType.NOTICE, scriptSubject).build()),
                storedExactly(Communication::subject, scriptSubject)));

        // ---- create: body --------------------------------------------------------------------------------
        c.add(accept("body with a script element", create(b -> b.bodyHtml("<script>alert(1)</script><p>kept</p>")), cleaned("<p>kept</p>")));
        c.add(accept("body with an onerror handler", create(b -> b.bodyHtml("<img src=\"https://example.com/a.png\" onerror=\"alert(1)\"><p>kept</p>")),
                cleaned("<p>kept</p>")));
        c.add(accept("body with a javascript: link", create(b -> b.bodyHtml("<a href=\"javascript:alert(1)\">kept</a>")), cleaned("kept")));
        c.add(accept("body with an entity-encoded, mixed-case javascript: link",
                create(b -> b.bodyHtml("<a href=\"JaVa&#x09;ScRiPt&colon;alert(1)\">kept</a>")), cleaned("kept")));
        c.add(accept("body with a CSS expression in a style attribute",
                create(b -> b.bodyHtml("<p style=\"width: expression(alert(1)); background:url(javascript:alert(2))\">kept</p>")), cleaned("kept")));
        c.add(accept("body with iframe, object and embed",
                create(b -> b.bodyHtml("<iframe src=\"https://evil.example\"></iframe><object data=\"x\"></object><embed src=\"y\"><p>kept</p>")),
                cleaned("<p>kept</p>")));
        c.add(accept("body with an escaped script stays inert text",
                create(b -> b.bodyHtml("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")), cleaned("&lt;script&gt;")));
        c.add(accept("body with double-encoded script stays inert text",
                create(b -> b.bodyHtml("<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</p>")), cleaned("&amp;lt;script&amp;gt;")));
        c.add(accept("body with an svg onload handler", create(b -> b.bodyHtml("<svg onload=\"alert(1)\"><circle/></svg><p>kept</p>")),
                cleaned("<p>kept</p>")));
        c.add(accept("body with an https link keeps it", create(b -> b.bodyHtml("<a href=\"https://example.com/agm\">agenda</a>")),
                cleaned("href=\"https://example.com/agm\"")));
        String plain = "a".repeat(1_000_000);
        c.add(accept("body of exactly 1,000,000 characters", create(b -> b.bodyHtml(plain)), storedExactly(Communication::bodyHtml, plain)));
        c.add(reject("body of 1,000,001 characters", ErrorCode.BAD_REQUEST, "bodyHtml", create(b -> b.bodyHtml("a".repeat(1_000_001)))));
        c.add(reject("body with U+0000", ErrorCode.BAD_REQUEST, "bodyHtml", create(b -> b.bodyHtml("<p>" + nul + "</p>"))));
        c.add(reject("body with a lone surrogate", ErrorCode.BAD_REQUEST, "bodyHtml", create(b -> b.bodyHtml("<p>" + loneHigh + "</p>"))));

        // ---- create: channel, notes, scope, schedule, type, caller ---------------------------------------
        c.add(accept("channel of exactly 50 characters", create(b -> b.channel("c".repeat(50))),
                storedExactly(Communication::channel, "c".repeat(50))));
        c.add(accept("channel of 50 emoji", create(b -> b.channel("🐦".repeat(50))), storedExactly(Communication::channel, "🐦".repeat(50))));
        c.add(reject("channel of 51 characters", ErrorCode.BAD_REQUEST, "channel", create(b -> b.channel("c".repeat(51)))));
        c.add(reject("channel blank", ErrorCode.BAD_REQUEST, "channel", create(b -> b.channel("   "))));
        c.add(accept("channel padded is stored trimmed", create(b -> b.channel("  carrier pigeon  ")),
                storedExactly(Communication::channel, "carrier pigeon")));
        c.add(accept("notes of exactly 10,000 characters, untrimmed", create(b -> b.notes(" " + "n".repeat(9_998) + " ")),
                storedExactly(Communication::notes, " " + "n".repeat(9_998) + " ")));
        c.add(reject("notes of 10,001 characters", ErrorCode.BAD_REQUEST, "notes", create(b -> b.notes("n".repeat(10_001)))));
        c.add(accept("notes with CRLF, tabs and backslashes", create(b -> b.notes("line1\r\nline2\t\\n\\u0000")),
                storedExactly(Communication::notes, "line1\r\nline2\t\\n\\u0000")));
        c.add(reject("notes with U+0000", ErrorCode.BAD_REQUEST, "notes", create(b -> b.notes(nul))));
        c.add(reject("block of another organisation", ErrorCode.BAD_REQUEST, "blockId", create(b -> b.blockId("other-block"))));
        c.add(reject("unit of another organisation", ErrorCode.BAD_REQUEST, "unitId", create(b -> b.unitId("other-unit"))));
        c.add(reject("unit not in the given block", ErrorCode.BAD_REQUEST, "unitId", create(b -> b.blockId("block'2").unitId("unit-1"))));
        c.add(reject("block id of 101 characters", ErrorCode.BAD_REQUEST, "blockId", create(b -> b.blockId("b".repeat(101)))));
        c.add(reject("block id empty", ErrorCode.BAD_REQUEST, "blockId", create(b -> b.blockId(""))));
        c.add(accept("block and unit ids of 100 characters", create(b -> b.blockId(Fixture.LONG_BLOCK).unitId(Fixture.LONG_UNIT)),
                storedExactly(Communication::unitId, Fixture.LONG_UNIT)));
        c.add(accept("block id of 100 emoji", f -> {
            f.directory.addBlock(f.org, "🏢".repeat(100));
            return f.centre.create(f.admin, base().blockId("🏢".repeat(100)).build());
        }, storedExactly(Communication::blockId, "🏢".repeat(100))));
        c.add(accept("unit id with SQL and a quote in it", create(b -> b.blockId("block-1").unitId(Fixture.SQL_UNIT)),
                storedExactly(Communication::unitId, Fixture.SQL_UNIT)));
        c.add(reject("scheduledAt in the past", ErrorCode.BAD_REQUEST, "scheduledAt",
                create(b -> b.scheduledAt(Fixture.START.minusSeconds(1)))));
        c.add(reject("scheduledAt exactly now", ErrorCode.BAD_REQUEST, "scheduledAt", create(b -> b.scheduledAt(Fixture.START))));
        c.add(reject("scheduledAt 1 ns after now (the same microsecond)", ErrorCode.BAD_REQUEST, "scheduledAt",
                create(b -> b.scheduledAt(Fixture.START.plusNanos(1)))));
        c.add(accept("scheduledAt with nanoseconds is stored truncated to microseconds",
                create(b -> b.scheduledAt(Fixture.START.plusSeconds(60).plusNanos(999))),
                storedExactly(Communication::scheduledAt, Instant.parse("2026-05-01T10:01:00.123457Z"))));
        c.add(accept("scheduledAt at the end of year 9999", create(b -> b.scheduledAt(far)), storedExactly(Communication::scheduledAt, far)));
        // Beyond what a database holds: either every store keeps it exactly, or the facade refuses it up front.
        Instant maxMicros = Instant.MAX.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        c.add(storedOrRejected("scheduledAt at Instant.MAX", "scheduledAt", create(b -> b.scheduledAt(Instant.MAX)),
                storedExactly(Communication::scheduledAt, maxMicros)));
        Instant pastPostgres = Instant.parse("+294277-01-01T00:00:00Z");
        c.add(storedOrRejected("scheduledAt in the year 294277, past PostgreSQL's timestamptz range", "scheduledAt",
                create(b -> b.scheduledAt(pastPostgres)), storedExactly(Communication::scheduledAt, pastPostgres)));
        c.add(storedOrRejected("update scheduledAt to Instant.MAX", "scheduledAt",
                f -> f.centre.update(f.admin, f.draft.id(), CommunicationChanges.builder().scheduledAt(Instant.MAX).build()),
                storedExactly(Communication::scheduledAt, maxMicros)));
        c.add(reject("scheduledAt at the epoch", ErrorCode.BAD_REQUEST, "scheduledAt", create(b -> b.scheduledAt(Instant.EPOCH))));
        c.add(reject("communicationType null", ErrorCode.BAD_REQUEST, "communicationType",
                f -> f.centre.create(f.admin, NewCommunication.builder(null, "x").build())));
        c.add(reject("create input null", ErrorCode.BAD_REQUEST, "input", f -> f.centre.create(f.admin, null)));
        c.add(reject("caller null", ErrorCode.BAD_REQUEST, "caller", f -> f.centre.create(null, base().build())));
        c.add(reject("caller organisation empty", ErrorCode.BAD_REQUEST, "caller",
                f -> f.centre.create(new Caller("", "admin-1", Role.ADMIN), base().build())));
        c.add(reject("caller organisation of 101 characters", ErrorCode.BAD_REQUEST, "caller",
                f -> f.centre.create(new Caller("o".repeat(101), "admin-1", Role.ADMIN), base().build())));
        c.add(reject("caller user with U+0000", ErrorCode.BAD_REQUEST, "caller",
                f -> f.centre.create(new Caller(f.org, "admin\u0000", Role.ADMIN), base().build())));
        c.add(reject("member writing is forbidden even with invalid input", ErrorCode.FORBIDDEN, null,
                f -> f.centre.create(f.member, NewCommunication.builder(null, null).build())));
        c.add(accept("caller user id of 100 emoji is recorded as creator",
                f -> createAs(Caller.admin(f.org, "👤".repeat(100)), b -> { }).run(f),
                storedExactly(Communication::createdBy, "👤".repeat(100))));

        // ---- update ----------------------------------------------------------------------------------------
        c.add(reject("update subject to 501 characters", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.update(f.admin, f.draft.id(), CommunicationChanges.builder().subject("s".repeat(501)).build())));
        c.add(reject("update subject to null", ErrorCode.BAD_REQUEST, "subject",
                f -> f.centre.update(f.admin, f.draft.id(), CommunicationChanges.builder().subject(null).build())));
        c.add(reject("update channel to null", ErrorCode.BAD_REQUEST, "channel",
                f -> f.centre.update(f.admin, f.draft.id(), CommunicationChanges.builder().channel(null).build())));
        c.add(reject("update changes null", ErrorCode.BAD_REQUEST, "changes", f -> f.centre.update(f.admin, f.draft.id(), null)));
        c.add(reject("update id null", ErrorCode.BAD_REQUEST, "communicationId",
                f -> f.centre.update(f.admin, null, CommunicationChanges.builder().notes("x").build())));
        c.add(reject("update scheduledAt in the past", ErrorCode.BAD_REQUEST, "scheduledAt",
                f -> f.centre.update(f.admin, f.draft.id(), CommunicationChanges.builder().scheduledAt(Fixture.START.minusNanos(1_000)).build())));
        c.add(reject("update of a sent communication", ErrorCode.CONFLICT, null,
                f -> f.centre.update(f.admin, f.sent.id(), CommunicationChanges.builder().subject("rewritten").build())));
        c.add(reject("update of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.update(f.admin, f.otherDraft.id(), CommunicationChanges.builder().subject("mine now").build())));
        c.add(reject("update of an unknown id", ErrorCode.NOT_FOUND, null,
                f -> f.centre.update(f.admin, UUID.randomUUID(), CommunicationChanges.builder().subject("x").build())));
        c.add(accept("update body with an event handler", f -> f.centre.update(f.admin, f.draft.id(),
                CommunicationChanges.builder().bodyHtml("<p onmouseover=\"steal()\">kept</p>").build()), cleaned("kept")));

        // ---- markSent, markFailed, delete, duplicate --------------------------------------------------------
        c.add(reject("markSent of a sent communication", ErrorCode.CONFLICT, null, f -> f.centre.markSent(f.admin, f.sent.id())));
        c.add(reject("markSent of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.markSent(f.admin, f.otherDraft.id())));
        c.add(reject("markSent id null", ErrorCode.BAD_REQUEST, "communicationId", f -> f.centre.markSent(f.admin, null)));
        c.add(accept("markFailed reason of 1,000 emoji", f -> f.centre.markFailed(f.admin, f.draft.id(), "📮".repeat(1_000)),
                storedExactly(Communication::failureReason, "📮".repeat(1_000))));
        c.add(reject("markFailed reason of 1,001 characters", ErrorCode.BAD_REQUEST, "reason",
                f -> f.centre.markFailed(f.admin, f.draft.id(), "r".repeat(1_001))));
        c.add(reject("markFailed reason with U+0000", ErrorCode.BAD_REQUEST, "reason", f -> f.centre.markFailed(f.admin, f.draft.id(), nul)));
        c.add(accept("markFailed reason with SQL", f -> f.centre.markFailed(f.admin, f.draft.id(), sql),
                storedExactly(Communication::failureReason, sql)));
        c.add(reject("delete of a sent communication", ErrorCode.CONFLICT, null, f -> {
            f.centre.delete(f.admin, f.sent.id());
            return null;
        }));
        c.add(reject("delete of another organisation's communication", ErrorCode.NOT_FOUND, null, f -> {
            f.centre.delete(f.admin, f.otherDraft.id());
            return null;
        }));
        c.add(reject("delete id null", ErrorCode.BAD_REQUEST, "communicationId", f -> {
            f.centre.delete(f.admin, null);
            return null;
        }));
        c.add(reject("duplicate of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.duplicate(f.admin, f.otherDraft.id(), true)));
        c.add(reject("duplicate id null", ErrorCode.BAD_REQUEST, "communicationId", f -> f.centre.duplicate(f.admin, null, false)));
        c.add(accept("duplicate keeps hostile text exactly", f -> {
            Communication hostile = f.centre.create(f.admin, NewCommunication.builder(CommunicationType.AGM_NOTICE, sql)
                    .notes(rtl).channel(emoji).build());
            return f.centre.duplicate(f.admin, hostile.id(), false);
        }, storedExactly(x -> x.subject() + "|" + x.notes() + "|" + x.channel(), sql + "|" + rtl + "|" + emoji)));

        // ---- addRecipients and addBlockRecipients -----------------------------------------------------------
        c.add(accept("addRecipients with exactly 50,000 ids, 1,000 of them real", f -> {
            List<String> ids = new ArrayList<>(50_000);
            for (int i = 0; i < 1_000; i++) {
                f.directory.addUnit(f.org, "bulk", "bulk-" + i, "Owner " + i, i % 3 == 0 ? null : "o" + i + "@example.com");
                ids.add("bulk-" + i);
            }
            for (int i = 0; ids.size() < 50_000; i++) {
                ids.add("ghost-" + i);
            }
            return f.centre.addRecipients(f.admin, f.draft.id(), ids);
        }, (f, result) -> {
            assertThat(result).isEqualTo(new AddRecipientsResult(1_000, 0, 49_000));
            assertThat(f.centre.getById(f.member, f.draft.id()).recipientCount()).isEqualTo(1_002);
            assertThat(f.centre.getById(f.member, f.draft.id()).recipientsWithoutEmail()).isEqualTo(334);
            assertThat(f.centre.verifyAuditTrail(f.member).intact()).isTrue();
            return result.toString();
        }));
        c.add(reject("addRecipients with 50,001 ids", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), Collections.nCopies(50_001, "unit-b2"))));
        c.add(accept("addRecipients with 50,000 copies of one id counts it once",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), Collections.nCopies(50_000, "unit-b2")),
                same(new AddRecipientsResult(1, 0, 0))));
        c.add(reject("addRecipients empty list", ErrorCode.BAD_REQUEST, "unitIds", f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of())));
        c.add(reject("addRecipients list null", ErrorCode.BAD_REQUEST, "unitIds", f -> f.centre.addRecipients(f.admin, f.draft.id(), null)));
        c.add(reject("addRecipients with a null element", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), java.util.Arrays.asList("unit-b2", null))));
        c.add(reject("addRecipients with an empty id", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of("unit-b2", ""))));
        c.add(reject("addRecipients with a 101-character id", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of("unit-b2", "u".repeat(101)))));
        c.add(reject("addRecipients with U+0000 in an id", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of("unit-b2", "unit\u0000"))));
        c.add(reject("addRecipients with only another organisation's units", ErrorCode.BAD_REQUEST, "unitIds",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of("other-unit", "ghost"))));
        c.add(accept("addRecipients is case- and space-sensitive about ids",
                f -> f.centre.addRecipients(f.admin, f.draft.id(), List.of("UNIT-B2", "unit-b2 ", " unit-b2", "unit-b2", "unit-%", "unit-_")),
                same(new AddRecipientsResult(1, 0, 5))));
        c.add(accept("addRecipients keeps hostile unit ids and leaseholder snapshots exactly", f -> {
            f.centre.addRecipients(f.admin, f.draft.id(), List.of(Fixture.EMOJI_UNIT, Fixture.LONG_UNIT));
            return f.centre.listRecipients(f.member, f.draft.id(), RecipientFilter.all(), PageRequest.first(100)).items();
        }, (f, result) -> {
            @SuppressWarnings("unchecked")
            List<Recipient> rs = (List<Recipient>) result;
            List<String> seen = new ArrayList<>();
            rs.forEach(r -> seen.add(r.position() + ":" + r.unitId() + ":" + r.recipientName() + ":" + r.recipientEmail()));
            assertThat(seen).containsExactly(
                    "1:unit-1:Mrs Smith:smith@example.com",
                    "2:" + Fixture.SQL_UNIT + ":" + Fixture.HOSTILE_NAME + ":o'brien+tag@example.com",
                    "3:" + Fixture.EMOJI_UNIT + ":null:null",
                    "4:" + Fixture.LONG_UNIT + ":" + "n".repeat(1_000) + ":long@example.com");
            return String.join("\n", seen);
        }));
        c.add(reject("addRecipients when the directory gives a leaseholder name with U+0000", ErrorCode.BAD_REQUEST, "leaseholder", f -> {
            f.directory.addUnit(f.org, "block-1", "nul-unit", "bad\u0000name", null);
            return f.centre.addRecipients(f.admin, f.draft.id(), List.of("nul-unit"));
        }));
        c.add(reject("addRecipients to a sent communication", ErrorCode.CONFLICT, null,
                f -> f.centre.addRecipients(f.admin, f.sent.id(), List.of("unit-b2"))));
        c.add(reject("addRecipients to another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.addRecipients(f.admin, f.otherDraft.id(), List.of("unit-b2"))));
        c.add(reject("addBlockRecipients without a block", ErrorCode.BAD_REQUEST, "blockId",
                f -> f.centre.addBlockRecipients(f.admin, f.sent.id())));
        c.add(reject("addBlockRecipients for a block without units", ErrorCode.BAD_REQUEST, "blockId",
                f -> f.scratch.put("empty", f.centre.create(f.admin, base().blockId("block-empty").build())),
                f -> f.centre.addBlockRecipients(f.admin, ((Communication) f.scratch.get("empty")).id())));
        c.add(accept("units whose ids differ only in case or a trailing space are different recipients", f -> {
            f.directory.addUnit(f.org, "block-1", "Case-Unit", "A", null).addUnit(f.org, "block-1", "case-unit", "B", null)
                    .addUnit(f.org, "block-1", "case-unit ", "C", null);
            AddRecipientsResult first = f.centre.addRecipients(f.admin, f.draft.id(), List.of("Case-Unit", "case-unit", "case-unit "));
            AddRecipientsResult again = f.centre.addRecipients(f.admin, f.draft.id(), List.of("case-unit ", "Case-Unit"));
            List<String> ids = new ArrayList<>();
            f.centre.listRecipients(f.member, f.draft.id(), RecipientFilter.all(), PageRequest.first(10)).items()
                    .forEach(r -> ids.add("[" + r.unitId() + "]"));
            return first + " " + again + " " + ids;
        }, same(new AddRecipientsResult(3, 0, 0) + " " + new AddRecipientsResult(0, 2, 0) + " "
                + List.of("[unit-1]", "[" + Fixture.SQL_UNIT + "]", "[Case-Unit]", "[case-unit]", "[case-unit ]"))));
        c.add(reject("addBlockRecipients id null", ErrorCode.BAD_REQUEST, "communicationId", f -> f.centre.addBlockRecipients(f.admin, null)));

        // ---- updateRecipientStatus --------------------------------------------------------------------------
        c.add(reject("failure reason with delivered", ErrorCode.BAD_REQUEST, "failureReason",
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.DELIVERED, "why")));
        c.add(reject("delivery status null", ErrorCode.BAD_REQUEST, "deliveryStatus",
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), null, null)));
        c.add(reject("failure reason of 1,001 characters", ErrorCode.BAD_REQUEST, "failureReason",
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.BOUNCED, "r".repeat(1_001))));
        c.add(reject("recipient id null", ErrorCode.BAD_REQUEST, "recipientId",
                f -> f.centre.updateRecipientStatus(f.admin, null, DeliveryStatus.DELIVERED, null)));
        c.add(reject("recipient of another organisation", ErrorCode.NOT_FOUND, null,
                f -> f.centre.updateRecipientStatus(f.otherAdmin, f.recipient.id(), DeliveryStatus.OPENED)));
        c.add(reject("backward delivery status move", ErrorCode.CONFLICT, null,
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.OPENED),
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.DELIVERED)));
        c.add(reject("terminal delivery status move", ErrorCode.CONFLICT, null,
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.BOUNCED, "full"),
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.FAILED, "still full")));
        c.add(accept("the same delivery status again changes nothing", f -> {
            Recipient first = f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.BOUNCED, "full");
            long events = f.centre.verifyAuditTrail(f.member).eventsChecked();
            Recipient again = f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.BOUNCED, "other reason");
            assertThat(again).isEqualTo(first);
            assertThat(f.centre.verifyAuditTrail(f.member).eventsChecked()).isEqualTo(events);
            return again.failureReason();
        }, same("full")));
        c.add(accept("bounce reason with SQL and emoji is kept exactly",
                f -> f.centre.updateRecipientStatus(f.admin, f.recipient.id(), DeliveryStatus.BOUNCED, sql + " 📮"), (f, result) -> {
                    Recipient r = f.centre.listRecipients(f.member, f.draft.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED),
                            PageRequest.first(10)).items().get(0);
                    assertThat(r).isEqualTo(result);
                    assertThat(r.failureReason()).isEqualTo(sql + " 📮");
                    return r.failureReason();
                }));

        // ---- list, count, cursors, filters -----------------------------------------------------------------
        c.add(reject("list limit 0", ErrorCode.BAD_REQUEST, "limit", f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.first(0))));
        c.add(reject("list limit 101", ErrorCode.BAD_REQUEST, "limit", f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.first(101))));
        c.add(reject("list limit Integer.MIN_VALUE", ErrorCode.BAD_REQUEST, "limit",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.first(Integer.MIN_VALUE))));
        c.add(reject("list cursor of garbage", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after("garbage!", 10))));
        c.add(reject("list cursor empty", ErrorCode.BAD_REQUEST, "cursor", f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after("", 10))));
        c.add(reject("list cursor with SQL", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after("' OR 1=1 --", 10))));
        c.add(reject("list cursor of 10,000 characters", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after("A".repeat(10_000), 10))));
        c.add(reject("list cursor of another organisation", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after(f.otherOrganisationCursor(), 10))));
        c.add(reject("list cursor of another filter", ErrorCode.BAD_REQUEST, "cursor", f -> f.centre.list(f.member,
                CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build(), PageRequest.after(f.listCursor(), 10))));
        c.add(reject("list cursor of a recipient listing", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after(f.recipientCursor(), 10))));
        c.add(reject("list cursor with one character changed", ErrorCode.BAD_REQUEST, "cursor", f -> {
            String cursor = f.listCursor();
            char last = cursor.charAt(cursor.length() / 2);
            String tampered = cursor.substring(0, cursor.length() / 2) + (last == 'A' ? 'B' : 'A') + cursor.substring(cursor.length() / 2 + 1);
            return f.centre.list(f.member, CommunicationFilter.all(), PageRequest.after(tampered, 10));
        }));
        c.add(reject("list filter null", ErrorCode.BAD_REQUEST, "filter", f -> f.centre.list(f.member, null, PageRequest.first())));
        c.add(reject("list page null", ErrorCode.BAD_REQUEST, "page", f -> f.centre.list(f.member, CommunicationFilter.all(), null)));
        c.add(reject("list filter block id empty", ErrorCode.BAD_REQUEST, "filter.blockId",
                f -> f.centre.list(f.member, CommunicationFilter.builder().blockId("").build(), PageRequest.first())));
        c.add(accept("list filter block id '%' is not a wildcard",
                f -> f.centre.list(f.member, CommunicationFilter.builder().blockId("%").build(), PageRequest.first()).items().size(),
                same(0)));
        c.add(accept("count filter block id with SQL injection matches nothing",
                f -> f.centre.count(f.member, CommunicationFilter.builder().blockId("block-1' OR '1'='1").build()), same(0L)));
        c.add(accept("count filter unit id '_' is not a wildcard",
                f -> f.centre.count(f.member, CommunicationFilter.builder().unitId("_").build()), same(0L)));
        c.add(reject("count filter null", ErrorCode.BAD_REQUEST, "filter", f -> f.centre.count(f.member, null)));
        c.add(reject("count filter unit id of 101 characters", ErrorCode.BAD_REQUEST, "filter.unitId",
                f -> f.centre.count(f.member, CommunicationFilter.builder().unitId("u".repeat(101)).build())));

        // ---- getById, listRecipients, auditTrail, verifyAuditTrail ------------------------------------------
        c.add(reject("getById id null", ErrorCode.BAD_REQUEST, "communicationId", f -> f.centre.getById(f.member, null)));
        c.add(reject("getById of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.getById(f.member, f.otherDraft.id())));
        c.add(reject("getById of the nil UUID", ErrorCode.NOT_FOUND, null, f -> f.centre.getById(f.member, new UUID(0, 0))));
        c.add(reject("getById of the max UUID", ErrorCode.NOT_FOUND, null, f -> f.centre.getById(f.member, new UUID(-1, -1))));
        c.add(reject("listRecipients cursor of another communication", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.listRecipients(f.member, f.sent.id(), RecipientFilter.all(), PageRequest.after(f.recipientCursor(), 10))));
        c.add(reject("listRecipients cursor of another status filter", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.listRecipients(f.member, f.draft.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING),
                        PageRequest.after(f.recipientCursor(), 10))));
        c.add(reject("listRecipients cursor of a communication listing", ErrorCode.BAD_REQUEST, "cursor",
                f -> f.centre.listRecipients(f.member, f.draft.id(), RecipientFilter.all(), PageRequest.after(f.listCursor(), 10))));
        c.add(reject("listRecipients filter null", ErrorCode.BAD_REQUEST, "filter",
                f -> f.centre.listRecipients(f.member, f.draft.id(), null, PageRequest.first())));
        c.add(reject("listRecipients of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.listRecipients(f.member, f.otherDraft.id(), RecipientFilter.all(), PageRequest.first())));
        c.add(reject("auditTrail id null", ErrorCode.BAD_REQUEST, "communicationId", f -> f.centre.auditTrail(f.member, null)));
        c.add(reject("auditTrail of another organisation's communication", ErrorCode.NOT_FOUND, null,
                f -> f.centre.auditTrail(f.member, f.otherDraft.id())));
        c.add(accept("auditTrail of a deleted communication keeps its events", f -> {
            f.centre.delete(f.admin, f.draft.id());
            List<AuditEventType> types = new ArrayList<>();
            f.centre.auditTrail(f.member, f.draft.id()).forEach(e -> types.add(e.type()));
            return types;
        }, same(List.of(AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED, AuditEventType.DELETED))));
        c.add(reject("verifyAuditTrail caller null", ErrorCode.BAD_REQUEST, "caller", f -> f.centre.verifyAuditTrail(null)));
        c.add(accept("verifyAuditTrail by a member of an organisation without events",
                f -> f.centre.verifyAuditTrail(Caller.member("org-empty-" + UUID.randomUUID(), "m")),
                same(AuditVerification.intact(0))));

        // ---- unknown enum wire names -----------------------------------------------------------------------
        c.add(reject("communication type by constant name", ErrorCode.BAD_REQUEST, "communicationType",
                f -> CommunicationType.fromWireName("DEMAND_LETTER")));
        c.add(reject("communication type with a space", ErrorCode.BAD_REQUEST, "communicationType",
                f -> CommunicationType.fromWireName("demand letter")));
        c.add(reject("communication type null", ErrorCode.BAD_REQUEST, "communicationType", f -> CommunicationType.fromWireName(null)));
        c.add(reject("status capitalised", ErrorCode.BAD_REQUEST, "status", f -> CommunicationStatus.fromWireName("Sent")));
        c.add(reject("delivery status misspelt", ErrorCode.BAD_REQUEST, "deliveryStatus", f -> DeliveryStatus.fromWireName("bounce")));
        c.add(reject("role unknown", ErrorCode.BAD_REQUEST, "role", f -> Role.fromWireName("root")));
        c.add(reject("audit event type with SQL", ErrorCode.BAD_REQUEST, "auditEventType", f -> AuditEventType.fromWireName("deleted;--")));
        c.add(accept("wire names round-trip", f -> CommunicationType.fromWireName("agm_notice") + " "
                + DeliveryStatus.fromWireName("bounced") + " " + Role.fromWireName("member"), same("AGM_NOTICE BOUNCED MEMBER")));
        return c;
    }

    // ---- running the table --------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyHostileInputIsRejectedAsDocumentedOrStoredExactlyOnEveryStore() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CASES.incrementAndGet();
            try {
                Map<String, String> answers = new LinkedHashMap<>();
                for (Map.Entry<String, CommunicationStore> store : STORES.entrySet()) {
                    answers.put(store.getKey(), runOn(c, new Fixture(store.getKey(), store.getValue())));
                }
                assertThat(answers.values().stream().distinct().count())
                        .as("answers differ between stores: %s", answers).isEqualTo(1);
            } catch (AssertionError | RuntimeException e) {
                FAILED.incrementAndGet();
                throw e;
            }
        }));
    }

    private static String runOn(Case c, Fixture f) {
        c.setup().accept(f);
        String before = f.footprint();
        Object result = null;
        CommunicationCentreException error = null;
        CALLS.incrementAndGet();
        try {
            result = c.action().run(f);
        } catch (CommunicationCentreException e) {
            error = e;
        } catch (RuntimeException e) {
            throw new AssertionError(c.name() + " on " + f.storeName + ": the facade let " + e + " escape; every failure must be a "
                    + "CommunicationCentreException", e);
        }
        if (c.eitherWay() && error == null) {
            return c.check().verify(f, result);
        }
        if (c.code() != null) {
            assertThat(error).as("%s on %s: expected %s, got %s", c.name(), f.storeName, c.code(), result).isNotNull();
            assertThat(error.code()).as("%s on %s: %s", c.name(), f.storeName, error).isEqualTo(c.code());
            if (c.field() != null) {
                assertThat(error.getMessage()).as("%s on %s", c.name(), f.storeName).startsWith(c.field());
            }
            assertThat(f.footprint()).as("%s on %s stored something", c.name(), f.storeName).isEqualTo(before);
            return error.code() + ": " + error.getMessage().replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        }
        if (error != null) {
            throw new AssertionError(c.name() + " on " + f.storeName + ": expected it to be accepted, got " + error, error);
        }
        return c.check().verify(f, result);
    }
}
