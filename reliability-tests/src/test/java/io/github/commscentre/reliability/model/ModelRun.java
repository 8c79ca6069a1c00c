package io.github.commscentre.reliability.model;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.Role;
import io.github.commscentre.reliability.model.Refs.Ref;
import io.github.commscentre.reliability.model.Steps.CursorChoice;
import io.github.commscentre.reliability.model.Steps.Step;
import io.github.commscentre.reliability.support.Canonical;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.spi.CommunicationStore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One seeded run of the differential test: a random sequence of facade calls, valid and invalid, answered by
 * the reference model and by every store, compared call by call, with a full read-back of every organisation
 * every {@link #CHECK_EVERY} steps and at the end.
 */
public final class ModelRun {

    /** A store under test, by name. */
    public record NamedStore(String name, CommunicationStore store) {
    }

    /** What a run did, for the printed summary and docs/reliability.md. */
    public record Figures(long steps, long callsPerStore, Map<ErrorCode, Long> expectedErrors, long successes,
                          List<String> disagreements) {
    }

    static final int CHECK_EVERY = 150;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final long seed;
    private final Random rnd;
    private final MutableClock clock;
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
    private final ReferenceModel model;
    private final List<World> worlds = new ArrayList<>();
    /** Stores still compared: one that disagreed leaves the run, so the others are still compared to the end. */
    private final List<World> active = new ArrayList<>();
    private final List<String> disagreements = new ArrayList<>();
    private final List<String> orgs = new ArrayList<>();
    private final List<CursorOrigin> communicationOrigins = new ArrayList<>();
    private final List<CursorOrigin> recipientOrigins = new ArrayList<>();
    private final Map<ErrorCode, Long> expectedErrors = new EnumMap<>(ErrorCode.class);
    private long successes;
    private long stepNumber;

    private record CursorOrigin(String org, CommunicationFilter filter, Ref communication, RecipientFilter recipientFilter) {
    }

    /**
     * @param seed   the seed; the same seed and store kinds replay the same calls
     * @param stores the stores to compare (each fresh or shared: organisation ids are unique per run)
     */
    public ModelRun(long seed, List<NamedStore> stores) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.clock = MutableClock.at(Instant.parse("2026-03-02T09:15:30.123456789Z").plusNanos(rnd.nextInt(1_000_000_000)));
        this.model = new ReferenceModel(clock, directory);
        String run = "r" + RUNS.incrementAndGet() + "-" + Long.toHexString(seed) + "-" + UUID.randomUUID().toString().substring(0, 8);
        orgs.add("org-" + run + "-A");
        orgs.add("org-" + run + " 'Ωmega' 🏢");
        orgs.add("org-" + run + "-c;--");
        for (int i = 0; i < orgs.size(); i++) {
            fillDirectory(orgs.get(i), i);
        }
        for (NamedStore s : stores) {
            CommunicationCentre centre = CommunicationCentre.builder().store(s.store()).directory(directory).clock(clock).build();
            worlds.add(new World(s.name(), centre));
        }
        active.addAll(worlds);
    }

    private void fillDirectory(String org, int index) {
        directory.addUnit(org, "block-1", "unit-1", "Mrs O'Brien", "obrien@example.com")
                .addUnit(org, "block-1", "unit-2; DROP TABLE cc_recipient;--", "Zoë Åström", null)
                .addUnit(org, "block-1", "unit-3 🏠", null, null)
                .addUnit(org, "block-1", "وحدة-4", "أحمد", "ahmed@example.com")
                .addUnit(org, "block \"Ⅱ\" <b>", "unit-5", "李小龙", "li@example.com")
                .addUnit(org, "block \"Ⅱ\" <b>", "unit-6\\path", "Noe\u0308l %_", "noel@example.com")
                .addUnit(org, "block \"Ⅱ\" <b>", "u".repeat(100), "Long Unit", "long@example.com")
                .addUnit(org, "only-block-" + index, "only-unit-" + index, "Only " + index, "only" + index + "@example.com")
                .addBlock(org, "block-empty");
    }

    /**
     * Runs the steps, failing with the seed, the step and both answers at the first disagreement.
     *
     * @param steps how many random steps
     * @return the figures
     */
    public Figures run(int steps) {
        for (stepNumber = 1; stepNumber <= steps && !active.isEmpty(); stepNumber++) {
            randomStep();
            if (stepNumber % CHECK_EVERY == 0) {
                fullCheck();
            }
        }
        if (!active.isEmpty()) {
            fullCheck();
        }
        long calls = worlds.stream().mapToLong(World::calls).max().orElse(0);
        return new Figures(stepNumber - 1, calls, expectedErrors, successes, disagreements);
    }

    private void disagree(World w, String message) {
        String full = "seed " + seed + " (replay with -Dreliability.seed=" + seed + "), step " + stepNumber + ", store "
                + w.name() + " disagrees with the model (it leaves this run):\n" + message;
        System.out.println("RELIABILITY model disagreement, " + full);
        disagreements.add(full);
        active.remove(w);
    }

    // ---- comparing ------------------------------------------------------------------------------------

    private Outcome call(Step step) {
        int communicationCursors = model.communicationCursorCount();
        int recipientCursors = model.recipientCursorCount();
        Outcome expected = step.expect(model);
        // Remember where each cursor came from, so later steps can reuse it in its own listing or a foreign one.
        if (model.communicationCursorCount() > communicationCursors && step instanceof Steps.ListPage l) {
            communicationOrigins.add(new CursorOrigin(l.caller().organisationId(), l.filter(), null, null));
        }
        if (model.recipientCursorCount() > recipientCursors && step instanceof Steps.ListRecipients l) {
            recipientOrigins.add(new CursorOrigin(l.caller().organisationId(), null, l.ref(), l.filter()));
        }
        if (expected.error() != null) {
            expectedErrors.merge(expected.error(), 1L, Long::sum);
        } else {
            successes++;
        }
        for (World w : List.copyOf(active)) {
            Object value = null;
            CommunicationCentreException error = null;
            Throwable other = null;
            try {
                value = step.execute(w);
            } catch (CommunicationCentreException e) {
                error = e;
            } catch (Throwable t) {
                other = t;
            }
            Object want = expected.value() instanceof Outcome.PerStore p ? p.render(w) : expected.value();
            boolean agree;
            if (other != null) {
                agree = false;
            } else if (expected.error() != null) {
                agree = error != null && error.code() == expected.error()
                        && (expected.field() == null || error.getMessage().startsWith(expected.field()));
            } else {
                agree = error == null && Objects.equals(want, value);
            }
            if (!agree) {
                String wanted = expected.error() != null ? expected.error() + " naming " + expected.field() : Steps.Texts.brief(want);
                String got = other != null ? stack(other) : error != null ? error.code() + ": " + error.getMessage() : Steps.Texts.brief(value);
                disagree(w, "  " + step.describe() + "\n  expected: " + wanted + "\n  actual:   " + got);
            }
        }
        return expected;
    }

    private static String stack(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    // ---- full read-back ---------------------------------------------------------------------------------

    private void fullCheck() {
        for (String org : orgs) {
            Caller reader = rnd.nextBoolean() ? Caller.member(org, "member-1") : Caller.admin(org, "admin-1");
            call(new Steps.Count(reader, CommunicationFilter.all()));
            for (CommunicationStatus s : CommunicationStatus.values()) {
                call(new Steps.Count(reader, CommunicationFilter.builder().status(s).build()));
            }
            pageThrough(reader, CommunicationFilter.all(), 1 + rnd.nextInt(12));
            for (int handle : model.liveCommunications(org)) {
                call(new Steps.GetById(reader, Ref.handle(handle)));
                pageThroughRecipients(reader, Ref.handle(handle), RecipientFilter.all(), 1 + rnd.nextInt(4));
            }
            for (int handle : model.everCreated(org)) {
                call(new Steps.AuditTrail(reader, Ref.handle(handle)));
            }
            call(new Steps.Verify(reader));
            for (World w : List.copyOf(active)) {
                String broken = checkWholeChain(w, org);
                if (broken != null) {
                    disagree(w, broken);
                }
            }
        }
    }

    private void pageThrough(Caller reader, CommunicationFilter filter, int limit) {
        Outcome page = call(new Steps.ListPage(reader, filter, limit, CursorChoice.FIRST));
        while (page.error() == null && ((Normalised.PageOf<?>) page.value()).hasNext()) {
            int index = model.communicationCursorCount() - 1;
            page = call(new Steps.ListPage(reader, filter, limit, new CursorChoice(index, false, null)));
        }
    }

    private void pageThroughRecipients(Caller reader, Ref communication, RecipientFilter filter, int limit) {
        Outcome page = call(new Steps.ListRecipients(reader, communication, filter, limit, CursorChoice.FIRST));
        while (page.error() == null && ((Normalised.PageOf<?>) page.value()).hasNext()) {
            int index = model.recipientCursorCount() - 1;
            page = call(new Steps.ListRecipients(reader, communication, filter, limit, new CursorChoice(index, false, null)));
        }
    }

    /**
     * The union of every communication's trail is the organisation's whole chain: it must run 1..n without gaps,
     * each event linking to the hash of the one before, each hash recomputable from the documented encoding.
     */
    private String checkWholeChain(World w, String org) {
        Caller reader = Caller.member(org, "chain-checker");
        List<AuditEvent> chain = new ArrayList<>();
        try {
            for (int handle : model.everCreated(org)) {
                chain.addAll(w.centre().auditTrail(reader, w.communicationId(handle)));
            }
        } catch (RuntimeException e) {
            return "reading the whole chain of " + org + " failed: " + stack(e);
        }
        chain.sort(Comparator.comparingLong(AuditEvent::sequence));
        String previous = AuditEvent.GENESIS_HASH;
        for (int i = 0; i < chain.size(); i++) {
            AuditEvent e = chain.get(i);
            if (e.sequence() != i + 1 || !e.previousHash().equals(previous) || !Canonical.eventHash(e).equals(e.hash())) {
                return "the audit chain of " + org + " is broken at position " + (i + 1) + ": " + e;
            }
            previous = e.hash();
        }
        if (chain.size() != model.eventCount(org)) {
            return org + " has " + chain.size() + " events, the model " + model.eventCount(org);
        }
        return null;
    }

    // ---- random steps -----------------------------------------------------------------------------------

    private void randomStep() {
        String org = orgs.get(rnd.nextInt(10) < 6 ? 0 : 1 + rnd.nextInt(orgs.size() - 1));
        int dice = rnd.nextInt(130);
        if (dice < 14) {
            call(new Steps.Create(writer(org), newCommunication(org)));
        } else if (dice < 28) {
            call(update(org));
        } else if (dice < 40) {
            call(new Steps.AddRecipients(writer(org), communication(org), unitIds(org)));
        } else if (dice < 44) {
            call(new Steps.AddBlockRecipients(writer(org), communication(org)));
        } else if (dice < 56) {
            call(recipientStatus(org));
        } else if (dice < 61) {
            call(new Steps.MarkSent(writer(org), communication(org)));
        } else if (dice < 64) {
            call(new Steps.MarkFailed(writer(org), communication(org), rnd.nextInt(5) == 0 ? invalidReason() : reason()));
        } else if (dice < 68) {
            call(new Steps.Delete(writer(org), communication(org)));
        } else if (dice < 73) {
            call(new Steps.Duplicate(writer(org), communication(org), rnd.nextBoolean()));
        } else if (dice < 81) {
            call(listPage(org));
        } else if (dice < 84) {
            call(new Steps.Count(reader(org), filter(org)));
        } else if (dice < 89) {
            call(new Steps.GetById(reader(org), communication(org)));
        } else if (dice < 95) {
            call(listRecipients(org));
        } else if (dice < 99) {
            call(new Steps.AuditTrail(reader(org), trailTarget(org)));
        } else if (dice < 101) {
            call(new Steps.Verify(reader(org)));
        } else if (dice < 104) {
            changeLeaseholder(org);
        } else {
            advanceClock();
        }
    }

    private void advanceClock() {
        long[] nanos = {0, 1, 211, 999, 1_000, 1_000_001, 1_000_000_000L, 3_600_000_000_000L, 86_400_000_000_007L};
        clock.advance(Duration.ofNanos(nanos[rnd.nextInt(nanos.length)]));
    }

    private void changeLeaseholder(String org) {
        List<String> units = directory.unitIds(org);
        String unit = units.get(rnd.nextInt(units.size()));
        String[] names = {null, "New Owner", "Ms Ünïcødé", "O'Neil; --", "ليلى", "😀 Smile"};
        String[] emails = {null, "new@example.com", "o'neil@example.com", "x+tag@example.org"};
        directory.changeLeaseholder(org, unit, names[rnd.nextInt(names.length)], emails[rnd.nextInt(emails.length)]);
    }

    private Caller writer(String org) {
        int r = rnd.nextInt(100);
        if (r < 75) {
            return Caller.admin(org, rnd.nextBoolean() ? "admin-1" : "admin 2 ✨");
        } else if (r < 87) {
            return Caller.member(org, "member-1");
        } else if (r < 95) {
            return Caller.admin(otherOrg(org), "admin-1");
        }
        return malformedCaller(org);
    }

    private Caller reader(String org) {
        int r = rnd.nextInt(100);
        if (r < 45) {
            return Caller.admin(org, "admin-1");
        } else if (r < 90) {
            return Caller.member(org, "member-1");
        } else if (r < 97) {
            return Caller.member(otherOrg(org), "member-1");
        }
        return malformedCaller(org);
    }

    private Caller malformedCaller(String org) {
        switch (rnd.nextInt(5)) {
            case 0:
                return null;
            case 1:
                return new Caller("", "admin-1", Role.ADMIN);
            case 2:
                return new Caller(org, "u".repeat(101), Role.ADMIN);
            case 3:
                return new Caller(org, "admin\u0000", Role.ADMIN);
            default:
                return new Caller("o".repeat(101), "admin-1", Role.MEMBER);
        }
    }

    private String otherOrg(String org) {
        int i = orgs.indexOf(org);
        return orgs.get((i + 1 + rnd.nextInt(orgs.size() - 1)) % orgs.size());
    }

    private Ref unknownId() {
        return Ref.unknown(new UUID(rnd.nextLong(), rnd.nextLong()));
    }

    private Ref communication(String org) {
        List<Integer> live = model.liveCommunications(org);
        int r = rnd.nextInt(100);
        if (r < 82 && !live.isEmpty()) {
            return Ref.handle(live.get(rnd.nextInt(live.size())));
        } else if (r < 87) {
            List<Integer> deleted = model.deletedCommunications(org);
            if (!deleted.isEmpty()) {
                return Ref.handle(deleted.get(rnd.nextInt(deleted.size())));
            }
        } else if (r < 92) {
            List<Integer> other = model.liveCommunications(otherOrg(org));
            if (!other.isEmpty()) {
                return Ref.handle(other.get(rnd.nextInt(other.size())));
            }
        } else if (r < 97) {
            return unknownId();
        } else {
            return null;
        }
        return live.isEmpty() ? unknownId() : Ref.handle(live.get(rnd.nextInt(live.size())));
    }

    private Ref trailTarget(String org) {
        List<Integer> ever = model.everCreated(org);
        int r = rnd.nextInt(100);
        if (r < 85 && !ever.isEmpty()) {
            return Ref.handle(ever.get(rnd.nextInt(ever.size())));
        } else if (r < 92) {
            List<Integer> other = model.everCreated(otherOrg(org));
            if (!other.isEmpty()) {
                return Ref.handle(other.get(rnd.nextInt(other.size())));
            }
        } else if (r < 98) {
            return unknownId();
        }
        return null;
    }

    // ---- inputs -----------------------------------------------------------------------------------------

    private static final String[] SUBJECTS = {
        "AGM 2026", "  Section 20: roof works  ", "🏠 Roof 🔧 repairs", "إشعار الاجتماع السنوي", "Cafe\u0301 opening",
        "O'Brien \"quoted\" \\ back; DROP TABLE cc_communication; --", "100% _wild_ %s {0} ${x} #{y}",
        "select c from CommunicationEntity c where :p = ?1", "line1\nline2", "\u3000全角スペース\u3000", "x".repeat(500),
        "😀".repeat(500), "<b>not html</b> & <script>alert(1)</script>", "a", "\t tabbed \t", "\u202Eevil RTL override\u202C",
    };
    private static final String[] BAD_SUBJECTS = {
        null, "", "   ", "\t\n\r ", "\u3000", "x".repeat(501), "😀".repeat(501), "a\u0000b", "a\uD800b", "\uDC00x",
    };
    private static final String[] BODIES = {
        "", "<p>Hello <b>world</b></p>", "<script>alert(1)</script><p>kept</p>",
        "<img src=\"https://example.com/x.png\" onerror=\"alert(1)\">", "<a href=\"javascript:alert(1)\">click</a>",
        "<p style=\"width: expression(alert(1))\">css</p>", "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<iframe src=\"https://evil.example\"></iframe>text", "Plain 'text' with \\ backslash and 100% _",
        "<p dir=\"rtl\">مرحبا بكم</p>", "<p>😀 e\u0301 \u05D0</p>", "<a href=\"https://example.com\" onclick=\"x()\">ok</a>",
        "<p>" + "long body ".repeat(500) + "</p>",
    };
    private static final String[] BAD_BODIES = {"a\u0000", "\uD800", "<p>\uDFFF</p>"};
    private static final String[] CHANNELS = {"email", "post", "portal", "  post  ", "carrier pigeon 🐦", "c".repeat(50), "ü".repeat(50)};
    private static final String[] BAD_CHANNELS = {"", "  ", "c".repeat(51), "a\u0000"};
    private static final String[] NOTES = {
        "", "ref S20/2026/4", "  padded  ", "n".repeat(10_000), "multi\nline\r\n", "'; DELETE FROM cc_audit_event; --", "👍".repeat(10_000),
    };
    private static final String[] BAD_NOTES = {"n".repeat(10_001), "\uDBFF", "\u0000"};
    private static final String[] REASONS = {"mailbox full", "r".repeat(1_000), "Rück\u0308sendung 📮", "  spaced  "};
    private static final String[] BAD_REASONS = {"r".repeat(1_001), "\u0000", "\uD83D"};

    private <T> T pick(T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private String reason() {
        return rnd.nextInt(3) == 0 ? null : pick(REASONS);
    }

    private String invalidReason() {
        return pick(BAD_REASONS);
    }

    private Instant safeFuture() {
        long[] nanos = {1_000, 1_000_000, 86_400_000_000_000L + 123_456_789, 365L * 86_400_000_000_000L};
        return clock.instant().plusNanos(nanos[rnd.nextInt(nanos.length)]);
    }

    private Instant riskyInstant() {
        long[] nanos = {-86_400_000_000_000L, -1, 0, 1, 211, 999, 1_000};
        return clock.instant().plusNanos(nanos[rnd.nextInt(nanos.length)]);
    }

    private NewCommunication newCommunication(String org) {
        String invalid = rnd.nextInt(100) < 85 ? "" : pick(new String[]{"type", "subject", "body", "channel", "notes", "scheduledAt", "scope"});
        CommunicationType type = invalid.equals("type") ? null : pick(CommunicationType.values());
        NewCommunication.Builder b = NewCommunication.builder(type, invalid.equals("subject") ? pick(BAD_SUBJECTS) : pick(SUBJECTS));
        if (invalid.equals("body")) {
            b.bodyHtml(pick(BAD_BODIES));
        } else if (rnd.nextInt(100) < 65) {
            b.bodyHtml(pick(BODIES));
        }
        if (invalid.equals("channel")) {
            b.channel(pick(BAD_CHANNELS));
        } else if (rnd.nextInt(100) < 60) {
            b.channel(pick(CHANNELS));
        }
        if (invalid.equals("notes")) {
            b.notes(pick(BAD_NOTES));
        } else if (rnd.nextBoolean()) {
            b.notes(pick(NOTES));
        }
        if (invalid.equals("scheduledAt")) {
            b.scheduledAt(riskyInstant());
        } else if (rnd.nextInt(100) < 40) {
            b.scheduledAt(safeFuture());
        }
        List<String> units = directory.unitIds(org);
        if (invalid.equals("scope")) {
            switch (rnd.nextInt(6)) {
                case 0 -> b.blockId("only-block-" + orgs.indexOf(otherOrg(org)));
                case 1 -> b.blockId("block-1").unitId("unit-5");
                case 2 -> b.unitId("ghost-unit");
                case 3 -> b.blockId("");
                case 4 -> b.unitId("u".repeat(101));
                default -> b.blockId("block\u0000");
            }
        } else {
            int scope = rnd.nextInt(100);
            if (scope < 25) {
                List<String> blocks = directory.blockIds(org);
                b.blockId(blocks.get(rnd.nextInt(blocks.size())));
            } else if (scope < 40) {
                b.unitId(units.get(rnd.nextInt(units.size())));
            } else if (scope < 60) {
                String unit = units.get(rnd.nextInt(units.size()));
                b.blockId(directory.unit(org, unit).orElseThrow().blockId()).unitId(unit);
            }
        }
        return b.build();
    }

    private Step update(String org) {
        Ref ref = communication(org);
        ReferenceModel.MComm current = ref == null || ref.handle() == null ? null : model.communication(ref.handle());
        CommunicationChanges.Builder b = CommunicationChanges.builder();
        String invalid = rnd.nextInt(100) < 85 ? "" : pick(new String[]{"subject", "body", "channel", "notes", "scheduledAt"});
        if (invalid.equals("subject")) {
            b.subject(pick(BAD_SUBJECTS));
        } else if (rnd.nextInt(100) < 35) {
            b.subject(current != null && rnd.nextInt(5) == 0 ? current.subject() : pick(SUBJECTS));
        }
        if (invalid.equals("body")) {
            b.bodyHtml(pick(BAD_BODIES));
        } else if (rnd.nextInt(100) < 30) {
            b.bodyHtml(rnd.nextInt(4) == 0 ? null : pick(BODIES));
        }
        if (invalid.equals("channel")) {
            b.channel(rnd.nextInt(4) == 0 ? null : pick(BAD_CHANNELS));
        } else if (rnd.nextInt(100) < 25) {
            b.channel(current != null && rnd.nextInt(4) == 0 ? current.channel() : pick(CHANNELS));
        }
        if (invalid.equals("notes")) {
            b.notes(pick(BAD_NOTES));
        } else if (rnd.nextInt(100) < 30) {
            b.notes(current != null && rnd.nextInt(4) == 0 ? current.notes() : rnd.nextInt(4) == 0 ? null : pick(NOTES));
        }
        if (invalid.equals("scheduledAt")) {
            b.scheduledAt(riskyInstant());
        } else if (rnd.nextInt(100) < 35) {
            b.scheduledAt(rnd.nextInt(100) < 40 ? null : current != null && rnd.nextInt(5) == 0 ? current.scheduledAt() : safeFuture());
        }
        return new Steps.Update(writer(org), ref, rnd.nextInt(50) == 0 ? null : b.build());
    }

    private Collection<String> unitIds(String org) {
        List<String> ids = new ArrayList<>();
        int r = rnd.nextInt(100);
        if (r < 2) {
            return rnd.nextBoolean() ? null : ids;
        }
        List<String> own = directory.unitIds(org);
        String foreign = "only-unit-" + orgs.indexOf(otherOrg(org));
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(100);
            if (k < 62) {
                ids.add(own.get(rnd.nextInt(own.size())));
            } else if (k < 77) {
                ids.add(foreign);
            } else if (k < 87) {
                ids.add(pick(new String[]{"ghost-unit", "UNIT-1", "unit-1 ", " unit-1", "unit-%", "unit-_"}));
            } else if (!ids.isEmpty()) {
                ids.add(ids.get(rnd.nextInt(ids.size())));
            } else {
                ids.add(foreign);
            }
        }
        if (r < 8) {
            ids.add(rnd.nextInt(ids.size() + 1), pick(new String[]{null, "", "x".repeat(101), "bad\u0000", "bad\uDC00"}));
        }
        return ids;
    }

    private Step recipientStatus(String org) {
        List<Integer> live = model.liveRecipients(org);
        Ref ref;
        int r = rnd.nextInt(100);
        if (r < 85 && !live.isEmpty()) {
            ref = Ref.handle(live.get(rnd.nextInt(live.size())));
        } else if (r < 90) {
            List<Integer> other = model.liveRecipients(otherOrg(org));
            ref = other.isEmpty() ? unknownId() : Ref.handle(other.get(rnd.nextInt(other.size())));
        } else if (r < 97) {
            ref = unknownId();
        } else {
            ref = null;
        }
        DeliveryStatus status = rnd.nextInt(50) == 0 ? null : pick(DeliveryStatus.values());
        // Webhooks repeat: ask for the status the recipient already has now and then.
        if (ref != null && ref.handle() != null && live.contains(ref.handle()) && rnd.nextInt(6) == 0) {
            status = model.recipientStatus(ref.handle());
        }
        boolean failure = status == DeliveryStatus.BOUNCED || status == DeliveryStatus.FAILED;
        String reason = null;
        if (failure && rnd.nextBoolean()) {
            reason = rnd.nextInt(8) == 0 ? invalidReason() : pick(REASONS);
        } else if (!failure && rnd.nextInt(12) == 0) {
            reason = pick(REASONS);
        }
        return new Steps.UpdateRecipientStatus(writer(org), ref, status, reason);
    }

    private CommunicationFilter filter(String org) {
        if (rnd.nextInt(100) < 3) {
            return rnd.nextBoolean() ? null : CommunicationFilter.builder().blockId(rnd.nextBoolean() ? "" : "b".repeat(101)).build();
        }
        CommunicationFilter.Builder b = CommunicationFilter.builder();
        if (rnd.nextInt(100) < 30) {
            List<String> blocks = directory.blockIds(org);
            b.blockId(rnd.nextInt(8) == 0 ? "only-block-" + orgs.indexOf(otherOrg(org)) : blocks.get(rnd.nextInt(blocks.size())));
        }
        if (rnd.nextInt(100) < 15) {
            List<String> units = directory.unitIds(org);
            b.unitId(units.get(rnd.nextInt(units.size())));
        }
        if (rnd.nextInt(100) < 25) {
            b.communicationType(pick(CommunicationType.values()));
        }
        if (rnd.nextInt(100) < 30) {
            b.status(pick(CommunicationStatus.values()));
        }
        return b.build();
    }

    private int limit() {
        int r = rnd.nextInt(100);
        if (r < 3) {
            return pick(new Integer[]{0, 101, -5, Integer.MIN_VALUE});
        }
        return r < 10 ? 100 : 1 + rnd.nextInt(8);
    }

    private Step listPage(String org) {
        int r = rnd.nextInt(100);
        if (r < 30 && !communicationOrigins.isEmpty()) {
            int index = rnd.nextInt(communicationOrigins.size());
            CursorOrigin origin = communicationOrigins.get(index);
            boolean foreign = rnd.nextInt(5) == 0;
            CommunicationFilter filter = foreign ? filter(origin.org()) : origin.filter();
            Caller caller = Caller.member(foreign && rnd.nextBoolean() ? otherOrg(origin.org()) : origin.org(), "member-1");
            return new Steps.ListPage(caller, filter, 1 + rnd.nextInt(8), new CursorChoice(index, false, null));
        } else if (r < 33 && !communicationOrigins.isEmpty()) {
            int index = rnd.nextInt(communicationOrigins.size());
            CursorOrigin origin = communicationOrigins.get(index);
            return new Steps.ListPage(Caller.member(origin.org(), "member-1"), origin.filter(), 5, new CursorChoice(index, true, null));
        } else if (r < 36) {
            return new Steps.ListPage(reader(org), CommunicationFilter.all(), 5,
                    new CursorChoice(null, false, pick(new String[]{"", "garbage", "AAAA", "%00", "' OR 1=1 --", "😀"})));
        }
        return new Steps.ListPage(reader(org), filter(org), limit(), CursorChoice.FIRST);
    }

    private Step listRecipients(String org) {
        int r = rnd.nextInt(100);
        if (r < 30 && !recipientOrigins.isEmpty()) {
            int index = rnd.nextInt(recipientOrigins.size());
            CursorOrigin origin = recipientOrigins.get(index);
            boolean foreign = rnd.nextInt(5) == 0;
            Ref communication = foreign && rnd.nextBoolean() ? communication(origin.org()) : origin.communication();
            RecipientFilter filter = foreign && rnd.nextBoolean() ? RecipientFilter.byStatus(pick(DeliveryStatus.values()))
                    : origin.recipientFilter();
            return new Steps.ListRecipients(Caller.member(origin.org(), "member-1"), communication, filter, 1 + rnd.nextInt(4),
                    new CursorChoice(index, rnd.nextInt(10) == 0, null));
        }
        RecipientFilter filter = rnd.nextInt(50) == 0 ? null
                : rnd.nextInt(100) < 30 ? RecipientFilter.byStatus(pick(DeliveryStatus.values())) : RecipientFilter.all();
        return new Steps.ListRecipients(reader(org), communication(org), filter, limit(), CursorChoice.FIRST);
    }
}
