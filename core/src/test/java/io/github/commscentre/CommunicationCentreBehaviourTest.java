package io.github.commscentre;

import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jsoup.safety.Safelist;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The facade's behaviour, proved through the public {@link CommunicationCentre} API against a real store: every
 * rule of the behaviour contract (SPEC.md) is a test here, so that the in-memory store host apps test with
 * behaves exactly like the database stores. Each store's test extends this class in a few lines.
 *
 * <p>The store may be shared by every test: each test works in fresh random organisations. The facade is built
 * per test over the suite's own {@link TestPropertyDirectory} and {@link TestClock}; the clock carries
 * nanoseconds so that microsecond truncation is visible.
 *
 * <p>Rejected calls are checked with {@link #rejected}: besides the error code, the organisation's
 * communications, recipients and audit events must be exactly as they were before the call.
 */
public abstract class CommunicationCentreBehaviourTest {

    /** @return the store under test; may be the same instance for every test */
    protected abstract CommunicationStore store();

    /**
     * @return direct access to the same store's data, bypassing the facade, to prove that
     *         {@code verifyAuditTrail} notices edits; may throw when the store refuses an edit (a database trigger)
     */
    protected abstract StoreTampering tampering();

    /** A block of the test organisation with units a1 to a4; the other organisation has a block with the same id. */
    protected static final String BLOCK_A = "block-a";
    /** A second block of the test organisation, with units b1 and b2. */
    protected static final String BLOCK_B = "block-b";
    /** A block that only the other organisation has. */
    protected static final String OTHER_BLOCK = "block-x";
    /** Where the clock starts; the nanoseconds are there to be truncated. */
    protected static final Instant START = Instant.parse("2030-03-04T05:06:07.123456789Z");

    private static final Duration STEP = Duration.ofMillis(3).plusNanos(1_789);
    private static final String[] MALFORMED_TEXT = {"nul\u0000inside", "lone high \uD800 surrogate",
        "lone low \uDC00 surrogate", "reversed \uDC00\uD800 pair", "ends in high surrogate \uD83D"};
    private static final String EXOTIC = "Ünïcödé 😀 مرحبا שלום e\u0301 \"double\" 'single' back\\slash "
            + "%_ ; DROP TABLE communications; -- \t tab";

    /** The store of this test. */
    protected CommunicationStore store;
    /** The host directory of this test. */
    protected TestPropertyDirectory directory;
    /** The clock of this test. */
    protected TestClock clock;
    /** The facade under test. */
    protected CommunicationCentre centre;
    /** The organisation of this test, and another one that must never see it. */
    protected String org;
    /** An organisation that must never see {@link #org}'s data. */
    protected String otherOrg;
    /** Callers of the two organisations. */
    protected Caller admin;
    /** A read-only member of {@link #org}. */
    protected Caller member;
    /** An admin of {@link #otherOrg}. */
    protected Caller otherAdmin;
    /** A member of {@link #otherOrg}. */
    protected Caller otherMember;

    /** Every communication id of {@link #org} created through the helpers, deleted ones included. */
    private final Set<UUID> known = new LinkedHashSet<>();

    @BeforeEach
    void setUpCentre() {
        store = store();
        directory = new TestPropertyDirectory();
        clock = new TestClock(START);
        centre = centreOver(store);
        org = "org-" + UUID.randomUUID();
        otherOrg = "org-" + UUID.randomUUID();
        admin = Caller.admin(org, "admin-1");
        member = Caller.member(org, "member-1");
        otherAdmin = Caller.admin(otherOrg, "admin-x");
        otherMember = Caller.member(otherOrg, "member-x");
        directory.addUnit(org, BLOCK_A, "a1", "Alice Ames", "alice@example.com");
        directory.addUnit(org, BLOCK_A, "a2", "Bob Brown", "bob@example.com");
        directory.addUnit(org, BLOCK_A, "a3", "Carol Chen", null);
        directory.addUnit(org, BLOCK_A, "a4", null, null);
        directory.addUnit(org, BLOCK_B, "b1", "Dan Doe", "dan@example.com");
        directory.addUnit(org, BLOCK_B, "b2", "Erin Evans", "erin@example.com");
        directory.addUnit(otherOrg, BLOCK_A, "x1", "Xena Xu", "xena@example.org");
        directory.addUnit(otherOrg, OTHER_BLOCK, "x2", "Yuri Young", "yuri@example.org");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** @param s a store @return a facade over it with this test's directory and clock */
    protected CommunicationCentre centreOver(CommunicationStore s) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock).build();
    }

    /** @return the clock's instant truncated to microseconds: what the facade must store for "now" */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Moves the clock a few milliseconds (and some nanoseconds) forward, so that calls get distinct instants. */
    protected void tick() {
        clock.advance(STEP);
    }

    /** @param subject the subject @return a notice builder */
    protected static NewCommunication.Builder notice(String subject) {
        return NewCommunication.builder(CommunicationType.NOTICE, subject);
    }

    /** @param input what to create @return the created communication, remembered for state snapshots */
    protected Communication create(NewCommunication input) {
        return create(admin, input);
    }

    /** @param caller who creates @param input what to create @return the created communication */
    protected Communication create(Caller caller, NewCommunication input) {
        Communication c = centre.create(caller, input);
        if (caller.organisationId().equals(org)) {
            known.add(c.id());
        }
        return c;
    }

    /** @return a draft scoped to block A with body, channel and notes */
    protected Communication draft() {
        tick();
        return create(notice("Section 20: roof works").bodyHtml("<p>Dear leaseholder,</p>").blockId(BLOCK_A)
                .channel("post").notes("ref S20/2030/4").build());
    }

    /** @return a scheduled communication scoped to block A */
    protected Communication scheduled() {
        tick();
        return create(notice("Insurance renewal").bodyHtml("<p>Renewal</p>").blockId(BLOCK_A)
                .scheduledAt(now().plus(Duration.ofDays(7))).build());
    }

    /** @param status the wanted status @return a communication with recipients a1, a2 and a3 in that status */
    protected Communication inState(CommunicationStatus status) {
        Communication c = status == CommunicationStatus.SCHEDULED ? scheduled() : draft();
        tick();
        centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
        tick();
        switch (status) {
            case SENT:
                return centre.markSent(admin, c.id());
            case FAILED:
                return centre.markFailed(admin, c.id(), "printer jammed");
            default:
                return current(c.id());
        }
    }

    /** @param source the original @param includeRecipients whether to copy units @return the copy, remembered */
    protected Communication duplicate(UUID source, boolean includeRecipients) {
        Communication copy = centre.duplicate(admin, source, includeRecipients);
        known.add(copy.id());
        return copy;
    }

    /** @param id a communication of {@link #org} @return it as stored now */
    protected Communication current(UUID id) {
        return centre.getById(admin, id).communication();
    }

    /** @param id a communication @return all its recipients, paging through */
    protected List<Recipient> recipients(UUID id) {
        return recipients(admin, id, RecipientFilter.all(), 100);
    }

    /** Pages through a communication's recipients, checking the page contract on the way. */
    protected List<Recipient> recipients(Caller caller, UUID id, RecipientFilter filter, int limit) {
        List<Recipient> all = new ArrayList<>();
        Page<Recipient> page = centre.listRecipients(caller, id, filter, PageRequest.first(limit));
        for (int guard = 0; ; guard++) {
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (!page.hasNext()) {
                assertThat(page.nextCursor()).as("no cursor on the last page").isNull();
                return all;
            }
            assertThat(page.items()).as("a page before the last is full").hasSize(limit);
            assertThat(page.nextCursor()).isNotNull();
            assertThat(guard).as("paging ends").isLessThan(100_000);
            page = centre.listRecipients(caller, id, filter, PageRequest.after(page.nextCursor(), limit));
        }
    }

    /** Pages through a listing, checking the page contract on the way. */
    protected List<Communication> listAll(Caller caller, CommunicationFilter filter, int limit) {
        List<Communication> all = new ArrayList<>();
        Page<Communication> page = centre.list(caller, filter, PageRequest.first(limit));
        for (int guard = 0; ; guard++) {
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            if (!page.hasNext()) {
                assertThat(page.nextCursor()).as("no cursor on the last page").isNull();
                return all;
            }
            assertThat(page.items()).as("a page before the last is full").hasSize(limit);
            assertThat(page.nextCursor()).isNotNull();
            assertThat(guard).as("paging ends").isLessThan(100_000);
            page = centre.list(caller, filter, PageRequest.after(page.nextCursor(), limit));
        }
    }

    /** @param communicationId a communication @param unitId one of its units @return that recipient as stored */
    protected Recipient recipient(UUID communicationId, String unitId) {
        return recipients(communicationId).stream().filter(r -> r.unitId().equals(unitId)).findFirst()
                .orElseThrow(() -> new AssertionError("no recipient for unit " + unitId));
    }

    /** @param communicationId a communication @param recipientId one of its recipients @return it as stored */
    protected Recipient recipientById(UUID communicationId, UUID recipientId) {
        return recipients(communicationId).stream().filter(r -> r.id().equals(recipientId)).findFirst()
                .orElseThrow(() -> new AssertionError("no recipient " + recipientId));
    }

    /** @param id a communication, existing or deleted @return its audit events */
    protected List<AuditEvent> trail(UUID id) {
        return centre.auditTrail(admin, id);
    }

    /** @return every audit event of {@link #org} reachable through the known communications, by sequence */
    protected List<AuditEvent> orgEvents() {
        Map<UUID, AuditEvent> byId = new HashMap<>();
        for (UUID id : known) {
            for (AuditEvent e : centre.auditTrail(admin, id)) {
                byId.put(e.id(), e);
            }
        }
        List<AuditEvent> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(AuditEvent::sequence));
        return all;
    }

    /** @return how many audit events {@link #org} has, after checking its chain verifies */
    protected long eventCount() {
        AuditVerification v = centre.verifyAuditTrail(admin);
        assertThat(v.intact()).as("audit chain intact: %s", v.problem()).isTrue();
        return v.eventsChecked();
    }

    /** Runs a call and returns the audit events of {@link #org} it appended. */
    protected List<AuditEvent> appendedBy(Runnable call) {
        long last = orgEvents().stream().mapToLong(AuditEvent::sequence).max().orElse(0);
        long countBefore = eventCount();
        call.run();
        List<AuditEvent> appended = orgEvents().stream().filter(e -> e.sequence() > last).collect(Collectors.toList());
        assertThat(eventCount() - countBefore).as("events appended, all reachable").isEqualTo(appended.size());
        return appended;
    }

    /** A snapshot of everything of {@link #org} a call could change. */
    protected record State(long count, long events, Map<UUID, Object> communications,
                           Map<UUID, List<Recipient>> recipients, Map<UUID, List<AuditEvent>> trails) {
    }

    /** @return the organisation's state, through the facade */
    protected State state() {
        long count = centre.count(admin, CommunicationFilter.all());
        long events = eventCount();
        Map<UUID, Object> communications = new HashMap<>();
        Map<UUID, List<Recipient>> recipients = new HashMap<>();
        Map<UUID, List<AuditEvent>> trails = new HashMap<>();
        for (UUID id : known) {
            try {
                communications.put(id, centre.getById(admin, id));
                recipients.put(id, recipients(id));
            } catch (CommunicationCentreException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                communications.put(id, "deleted");
            }
            trails.put(id, centre.auditTrail(admin, id));
        }
        return new State(count, events, communications, recipients, trails);
    }

    /** Asserts that a call fails with a {@link CommunicationCentreException} of the given code. */
    protected static CommunicationCentreException expectError(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should fail with %s", code).isInstanceOf(CommunicationCentreException.class);
        CommunicationCentreException e = (CommunicationCentreException) thrown;
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    /** Asserts that a call fails with the given code and that nothing of the organisation changed. */
    protected CommunicationCentreException rejected(ErrorCode code, ThrowingCallable call) {
        State before = state();
        CommunicationCentreException e = expectError(code, call);
        assertThat(state()).as("nothing may change when a call fails (%s)", e).isEqualTo(before);
        return e;
    }

    /** Asserts {@code BAD_REQUEST} with a message starting with the field name, and that nothing changed. */
    protected CommunicationCentreException badRequest(String field, ThrowingCallable call) {
        CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
        assertThat(e.getMessage()).as("the message names the field").startsWith(field);
        return e;
    }

    /** Like {@link #badRequest} where the API leaves the field's name open between a few spellings. */
    protected CommunicationCentreException badRequestNaming(List<String> fields, ThrowingCallable call) {
        CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
        assertThat(fields).as("the message %s names one of the fields", e.getMessage())
                .anyMatch(f -> e.getMessage().startsWith(f));
        return e;
    }

    /** @param id a UUID @return whether it is an RFC 9562 UUID version 7 */
    protected static boolean isVersion7(UUID id) {
        return id.version() == 7 && id.variant() == 2;
    }

    /** Compares UUIDs as unsigned 128-bit numbers, as PostgreSQL and H2 order them. */
    protected static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Newest first: createdAt descending, then id descending (unsigned). */
    protected static final Comparator<Communication> NEWEST_FIRST = (a, b) -> {
        int c = b.createdAt().compareTo(a.createdAt());
        return c != 0 ? c : compareUnsigned(b.id(), a.id());
    };

    /** @param text some text @return its SHA-256 as lower-case hex of its UTF-8 bytes */
    protected static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param instant an instant @return whether it has no precision below microseconds */
    protected static boolean isMicros(Instant instant) {
        return instant == null || instant.getNano() % 1_000 == 0;
    }

    /** Changes one character in the middle, so that the cursor no longer is what the facade issued. */
    protected static String tamperedCursor(String cursor) {
        int i = cursor.length() / 2;
        char replacement = cursor.charAt(i) == 'A' ? 'B' : 'A';
        return cursor.substring(0, i) + replacement + cursor.substring(i + 1);
    }

    /** @param length how many characters @return that many 'x' */
    protected static String chars(int length) {
        return "x".repeat(length);
    }

    /** Checks the fields every audit event of a call carries. */
    protected void assertEvent(AuditEvent e, AuditEventType type, UUID communicationId, Caller actor, Instant at) {
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.organisationId()).isEqualTo(actor.organisationId());
        assertThat(e.communicationId()).isEqualTo(communicationId);
        assertThat(e.actorUserId()).isEqualTo(actor.userId());
        assertThat(e.occurredAt()).isEqualTo(at);
        assertThat(isVersion7(e.id())).as("event id %s is a UUID version 7", e.id()).isTrue();
        assertThat(e.hash()).matches("[0-9a-f]{64}");
        assertThat(e.previousHash()).matches("[0-9a-f]{64}");
    }

    /** All 25 pairs of delivery statuses. */
    static Stream<Arguments> deliveryStatusPairs() {
        return Arrays.stream(DeliveryStatus.values())
                .flatMap(from -> Arrays.stream(DeliveryStatus.values()).map(to -> Arguments.of(from, to)));
    }

    /** A call on a communication or one of its recipients, for the tables of every call. */
    @FunctionalInterface
    protected interface CallOn {
        /** @return the call for this caller and these ids */
        ThrowingCallable on(Caller caller, UUID communicationId, UUID recipientId);
    }

    /** @return every write that names an existing communication or recipient, by name */
    protected Map<String, CallOn> writesOnExisting() {
        Map<String, CallOn> calls = new LinkedHashMap<>();
        calls.put("update", (c, id, r) -> () -> centre.update(c, id, CommunicationChanges.builder().subject("Changed").build()));
        calls.put("markSent", (c, id, r) -> () -> centre.markSent(c, id));
        calls.put("markFailed", (c, id, r) -> () -> centre.markFailed(c, id, "printer jammed"));
        calls.put("delete", (c, id, r) -> () -> centre.delete(c, id));
        calls.put("duplicate without recipients", (c, id, r) -> () -> centre.duplicate(c, id, false));
        calls.put("duplicate with recipients", (c, id, r) -> () -> centre.duplicate(c, id, true));
        // the unit belongs to the caller's own organisation, so only the communication can be the problem
        calls.put("addRecipients", (c, id, r) -> () -> centre.addRecipients(c, id,
                List.of(c.organisationId().equals(org) ? "a4" : "x1")));
        calls.put("addBlockRecipients", (c, id, r) -> () -> centre.addBlockRecipients(c, id));
        calls.put("updateRecipientStatus", (c, id, r) -> () -> centre.updateRecipientStatus(c, r, DeliveryStatus.DELIVERED));
        calls.put("updateRecipientStatus with reason", (c, id, r) -> () -> centre.updateRecipientStatus(c, r,
                DeliveryStatus.BOUNCED, "mailbox full"));
        return calls;
    }

    /** @return every read that names an existing communication, by name */
    protected Map<String, CallOn> readsOnExisting() {
        Map<String, CallOn> calls = new LinkedHashMap<>();
        calls.put("getById", (c, id, r) -> () -> centre.getById(c, id));
        calls.put("listRecipients", (c, id, r) -> () -> centre.listRecipients(c, id, RecipientFilter.all(), PageRequest.first()));
        calls.put("listRecipients by status", (c, id, r) -> () -> centre.listRecipients(c, id,
                RecipientFilter.byStatus(DeliveryStatus.PENDING), PageRequest.first(10)));
        calls.put("auditTrail", (c, id, r) -> () -> centre.auditTrail(c, id));
        return calls;
    }

    // ---- creating -------------------------------------------------------------------------------

    @Nested
    class Creating {

        @Test
        void createMakesADraftHoldingEveryFieldAsGiven() {
            tick();
            Instant at = now();
            Communication c = create(NewCommunication.builder(CommunicationType.DEMAND_LETTER, "Service charge demand 2030")
                    .bodyHtml("<p>Please pay by <b>1 April</b>.</p>").blockId(BLOCK_A).unitId("a1").channel("post")
                    .notes("ref D/2030/1").build());

            assertThat(c.organisationId()).isEqualTo(org);
            assertThat(c.communicationType()).isEqualTo(CommunicationType.DEMAND_LETTER);
            assertThat(c.subject()).isEqualTo("Service charge demand 2030");
            assertThat(c.bodyHtml()).isEqualTo("<p>Please pay by <b>1 April</b>.</p>");
            assertThat(c.blockId()).isEqualTo(BLOCK_A);
            assertThat(c.unitId()).isEqualTo("a1");
            assertThat(c.channel()).isEqualTo("post");
            assertThat(c.status()).isEqualTo(CommunicationStatus.DRAFT);
            assertThat(c.scheduledAt()).isNull();
            assertThat(c.sentAt()).isNull();
            assertThat(c.sentBy()).isNull();
            assertThat(c.failedAt()).isNull();
            assertThat(c.failureReason()).isNull();
            assertThat(c.notes()).isEqualTo("ref D/2030/1");
            assertThat(c.createdBy()).isEqualTo(admin.userId());
            assertThat(c.createdAt()).isEqualTo(at);
            assertThat(c.updatedAt()).isEqualTo(at);
            assertThat(c.version()).isZero();
            assertThat(current(c.id())).as("stored as returned").isEqualTo(c);
        }

        @Test
        void createWithAFutureScheduledAtMakesAScheduledCommunication() {
            Instant when = now().plus(Duration.ofDays(3));
            Communication c = create(notice("AGM on 1 May").scheduledAt(when).build());
            assertThat(c.status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(c.scheduledAt()).isEqualTo(when);
            assertThat(current(c.id())).isEqualTo(c);
        }

        @Test
        void organisationLevelDraftNeedsNeitherBlockNorUnitNorBody() {
            Communication c = create(NewCommunication.builder(CommunicationType.CIRCULAR, "Office closed at Easter").build());
            assertThat(c.blockId()).isNull();
            assertThat(c.unitId()).isNull();
            assertThat(c.bodyHtml()).isNull();
            assertThat(c.notes()).isNull();
            assertThat(c.status()).isEqualTo(CommunicationStatus.DRAFT);
        }

        @ParameterizedTest
        @EnumSource(CommunicationType.class)
        void everyCommunicationTypeCanBeCreated(CommunicationType type) {
            Communication c = create(NewCommunication.builder(type, "A " + type.wireName()).build());
            assertThat(c.communicationType()).isEqualTo(type);
            assertThat(current(c.id()).communicationType()).isEqualTo(type);
        }

        @Test
        void channelDefaultsToEmail() {
            Communication c = create(notice("No channel given").build());
            assertThat(c.channel()).isEqualTo("email").isEqualTo(NewCommunication.DEFAULT_CHANNEL);
        }

        @ParameterizedTest
        @ValueSource(strings = {"email", "post", "portal", "hand delivery by the porter", "carrier pigeon 🐦"})
        void channelMayBeAnyString(String channel) {
            Communication c = create(notice("Channels").channel(channel).build());
            assertThat(c.channel()).isEqualTo(channel);
            assertThat(current(c.id()).channel()).isEqualTo(channel);
        }

        @Test
        void subjectAndChannelAreStoredTrimmedButNotesAreNot() {
            Communication c = create(notice("  \t Lift out of order \n ").channel("  post  ").notes("  keep my spaces  ").build());
            assertThat(c.subject()).isEqualTo("Lift out of order");
            assertThat(c.channel()).isEqualTo("post");
            assertThat(c.notes()).isEqualTo("  keep my spaces  ");
            assertThat(current(c.id())).isEqualTo(c);
        }

        @Test
        void unitMayBeGivenWithoutBlock() {
            Communication c = create(notice("To one flat").unitId("b2").build());
            assertThat(c.unitId()).isEqualTo("b2");
        }

        @Test
        void idsAreUuidVersion7AndGrowWithTime() {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                tick();
                ids.add(create(notice("Letter " + i).build()).id());
            }
            assertThat(ids).allMatch(CommunicationCentreBehaviourTest::isVersion7, "UUID version 7");
            for (int i = 1; i < ids.size(); i++) {
                assertThat(compareUnsigned(ids.get(i - 1), ids.get(i))).as("a later id is larger").isNegative();
            }
        }

        @Test
        void everyInstantIsTruncatedToMicroseconds() {
            clock.set(Instant.parse("2030-06-01T10:00:00.123456789Z"));
            Instant scheduledWithNanos = Instant.parse("2030-07-01T10:00:00.987654321Z");
            Communication c = create(notice("Truncation").scheduledAt(scheduledWithNanos).build());
            assertThat(c.createdAt()).isEqualTo(Instant.parse("2030-06-01T10:00:00.123456Z"));
            assertThat(c.updatedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:00.123456Z"));
            assertThat(c.scheduledAt()).isEqualTo(Instant.parse("2030-07-01T10:00:00.987654Z"));
            assertThat(current(c.id())).isEqualTo(c);

            clock.set(Instant.parse("2030-06-01T10:00:01.000001999Z"));
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipient(c.id(), "a1");
            assertThat(r.addedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:01.000001Z"));
            assertThat(r.updatedAt()).isEqualTo(r.addedAt());

            clock.set(Instant.parse("2030-06-01T10:00:02.000002999Z"));
            Recipient delivered = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
            assertThat(delivered.deliveredAt()).isEqualTo(Instant.parse("2030-06-01T10:00:02.000002Z"));
            clock.set(Instant.parse("2030-06-01T10:00:03.000003999Z"));
            Recipient opened = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
            assertThat(opened.openedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:03.000003Z"));
            assertThat(recipientById(c.id(), r.id())).isEqualTo(opened);

            clock.set(Instant.parse("2030-06-01T10:00:04.000004999Z"));
            Communication sent = centre.markSent(admin, c.id());
            assertThat(sent.sentAt()).isEqualTo(Instant.parse("2030-06-01T10:00:04.000004Z"));
            assertThat(sent.updatedAt()).isEqualTo(sent.sentAt());

            clock.set(Instant.parse("2030-06-01T10:00:05.000005999Z"));
            Communication failed = centre.markFailed(admin, create(notice("Will fail").build()).id(), "no paper");
            assertThat(failed.failedAt()).isEqualTo(Instant.parse("2030-06-01T10:00:05.000005Z"));

            for (AuditEvent e : orgEvents()) {
                assertThat(isMicros(e.occurredAt())).as("occurredAt of %s", e.type()).isTrue();
            }
            assertThat(orgEvents()).extracting(AuditEvent::occurredAt).contains(
                    Instant.parse("2030-06-01T10:00:00.123456Z"), Instant.parse("2030-06-01T10:00:04.000004Z"));
        }

        @Test
        void unusualTextRoundTripsExactly() {
            String block = "blöck 'b' \"😀\" \\ %_";
            String unit = "ünit '1' \"😀\" \\ ;--";
            directory.addUnit(org, block, unit, EXOTIC, "o'brien+tag@example.com");
            Communication c = create(notice(EXOTIC).channel("kanal 😀 'quoted'").notes(EXOTIC + "\n second line")
                    .blockId(block).unitId(unit).build());
            assertThat(c.subject()).isEqualTo(EXOTIC.trim());
            assertThat(c.channel()).isEqualTo("kanal 😀 'quoted'");
            assertThat(c.notes()).isEqualTo(EXOTIC + "\n second line");
            assertThat(c.blockId()).isEqualTo(block);
            assertThat(c.unitId()).isEqualTo(unit);
            assertThat(current(c.id())).isEqualTo(c);

            centre.addRecipients(admin, c.id(), List.of(unit));
            Recipient r = recipients(c.id()).get(0);
            assertThat(r.unitId()).isEqualTo(unit);
            assertThat(r.recipientName()).isEqualTo(EXOTIC);
            assertThat(r.recipientEmail()).isEqualTo("o'brien+tag@example.com");

            Recipient bounced = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, EXOTIC);
            assertThat(bounced.failureReason()).isEqualTo(EXOTIC);
            assertThat(recipientById(c.id(), r.id())).isEqualTo(bounced);

            assertThat(listAll(admin, CommunicationFilter.builder().blockId(block).unitId(unit).build(), 10))
                    .extracting(Communication::id).containsExactly(c.id());
            assertThat(trail(c.id()).get(0).details()).containsEntry("subject", EXOTIC.trim());
            assertThat(eventCount()).isEqualTo(3);
        }

        @Test
        void unusualOrganisationAndUserIdsRoundTrip() {
            String exoticOrg = "org 'ü' \"😀\" \\ %_ " + UUID.randomUUID();
            Caller exotic = Caller.admin(exoticOrg, "user 'ü' \"😀\" \\ %_;--");
            directory.addUnit(exoticOrg, "b", "u", "Name", "e@example.com");
            Communication c = centre.create(exotic, notice("Exotic organisation").blockId("b").build());
            centre.addRecipients(exotic, c.id(), List.of("u"));
            Communication sent = centre.markSent(exotic, c.id());
            assertThat(sent.organisationId()).isEqualTo(exoticOrg);
            assertThat(sent.createdBy()).isEqualTo(exotic.userId());
            assertThat(sent.sentBy()).isEqualTo(exotic.userId());
            assertThat(centre.getById(exotic, c.id()).communication()).isEqualTo(sent);
            assertThat(centre.listRecipients(exotic, c.id(), RecipientFilter.all(), PageRequest.first()).items())
                    .extracting(Recipient::addedBy).containsExactly(exotic.userId());
            assertThat(centre.auditTrail(exotic, c.id())).extracting(AuditEvent::actorUserId).containsOnly(exotic.userId());
            assertThat(centre.verifyAuditTrail(exotic).intact()).isTrue();
            expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
        }

        @Test
        void hostIdsOfOneHundredCharactersAreAccepted() {
            String longOrg = ("org-" + UUID.randomUUID() + "-").repeat(3).substring(0, 100);
            String longUser = "u".repeat(100);
            String longBlock = "b".repeat(100);
            String longUnit = "n".repeat(100);
            directory.addUnit(longOrg, longBlock, longUnit, "Name", null);
            Caller caller = Caller.admin(longOrg, longUser);
            Communication c = centre.create(caller, notice("Long ids").blockId(longBlock).unitId(longUnit).build());
            AddRecipientsResult r = centre.addRecipients(caller, c.id(), List.of(longUnit));
            assertThat(r.added()).isEqualTo(1);
            CommunicationDetails d = centre.getById(Caller.member(longOrg, longUser), c.id());
            assertThat(d.communication().organisationId()).isEqualTo(longOrg);
            assertThat(d.communication().createdBy()).isEqualTo(longUser);
            assertThat(d.communication().blockId()).isEqualTo(longBlock);
            assertThat(d.communication().unitId()).isEqualTo(longUnit);
            assertThat(d.recipientCount()).isEqualTo(1);
            assertThat(centre.verifyAuditTrail(caller).eventsChecked()).isEqualTo(2);
        }

        @Test
        void createdEventRecordsTheNewCommunication() {
            tick();
            Instant at = now();
            Instant when = at.plus(Duration.ofDays(1));
            Communication c = create(NewCommunication.builder(CommunicationType.AGM_NOTICE, " AGM 2030 ")
                    .bodyHtml("<p>Agenda</p>").blockId(BLOCK_A).unitId("a2").channel("portal").scheduledAt(when)
                    .notes("ref AGM").build());
            List<AuditEvent> events = trail(c.id());
            assertThat(events).hasSize(1);
            AuditEvent e = events.get(0);
            assertEvent(e, AuditEventType.CREATED, c.id(), admin, at);
            assertThat(e.recipientId()).isNull();
            assertThat(e.unitIds()).isEmpty();
            assertThat(e.details()).containsEntry("communicationType", "agm_notice")
                    .containsEntry("subject", "AGM 2030")
                    .containsEntry("channel", "portal")
                    .containsEntry("status", "scheduled")
                    .containsEntry("bodySha256", sha256(c.bodyHtml()))
                    .containsEntry("blockId", BLOCK_A)
                    .containsEntry("unitId", "a2")
                    .containsEntry("notes", "ref AGM");
            assertThat(Instant.parse(e.details().get("scheduledAt"))).isEqualTo(when);
        }

        @Test
        void createdEventOmitsAbsentFields() {
            Communication c = create(NewCommunication.builder(CommunicationType.CIRCULAR, "Bare").build());
            AuditEvent e = trail(c.id()).get(0);
            assertThat(e.details()).containsEntry("communicationType", "circular").containsEntry("subject", "Bare")
                    .containsEntry("channel", "email").containsEntry("status", "draft")
                    .doesNotContainKeys("bodySha256", "blockId", "unitId", "scheduledAt", "notes");
            assertThat(e.details().values()).doesNotContainNull();
        }
    }

    // ---- input rules ----------------------------------------------------------------------------

    @Nested
    class InputRules {

        @Test
        void communicationTypeIsRequired() {
            badRequest("communicationType", () -> centre.create(admin, NewCommunication.builder(null, "No type").build()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   ", "\t", "\n \r\n"})
        void subjectMustNotBeBlank(String subject) {
            badRequest("subject", () -> centre.create(admin, notice(subject).build()));
        }

        @Test
        void subjectIsRequired() {
            badRequest("subject", () -> centre.create(admin, notice(null).build()));
        }

        @Test
        void subjectOf500CharactersIsAcceptedAnd501Rejected() {
            assertThat(create(notice(chars(500)).build()).subject()).hasSize(500);
            badRequest("subject", () -> centre.create(admin, notice(chars(501)).build()));
        }

        @Test
        void subjectLimitAppliesToTheTrimmedSubject() {
            Communication c = create(notice("   " + chars(500) + "   ").build());
            assertThat(c.subject()).isEqualTo(chars(500));
            badRequest("subject", () -> centre.create(admin, notice("  " + chars(501) + "  ").build()));
        }

        @Test
        void bodyOfOneMillionCharactersIsAcceptedAndOneMoreRejected() {
            Communication c = create(notice("Long body").bodyHtml(chars(1_000_000)).build());
            assertThat(current(c.id()).bodyHtml()).isEqualTo(chars(1_000_000));
            badRequest("bodyHtml", () -> centre.create(admin, notice("Too long body").bodyHtml(chars(1_000_001)).build()));
            badRequest("bodyHtml", () -> centre.update(admin, c.id(),
                    CommunicationChanges.builder().bodyHtml(chars(1_000_001)).build()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "  \t  "})
        void channelMustNotBeBlank(String channel) {
            badRequest("channel", () -> centre.create(admin, notice("Blank channel").channel(channel).build()));
            Communication c = draft();
            badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(channel).build()));
        }

        @Test
        void channelOf50CharactersIsAcceptedAnd51Rejected() {
            Communication c = create(notice("Channel limit").channel(chars(50)).build());
            assertThat(c.channel()).hasSize(50);
            assertThat(create(notice("Trimmed channel limit").channel("  " + chars(50) + "  ").build()).channel())
                    .isEqualTo(chars(50));
            badRequest("channel", () -> centre.create(admin, notice("Channel too long").channel(chars(51)).build()));
            badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(chars(51)).build()));
        }

        @Test
        void subjectAndChannelCannotBeClearedByUpdate() {
            Communication c = draft();
            badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(null).build()));
            badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(null).build()));
            badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject("   ").build()));
        }

        @Test
        void subjectLimitAppliesToUpdatesToo() {
            Communication c = draft();
            assertThat(centre.update(admin, c.id(), CommunicationChanges.builder().subject(chars(500)).build()).subject())
                    .hasSize(500);
            badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(chars(501)).build()));
        }

        @Test
        void notesOf10000CharactersAreAcceptedAnd10001Rejected() {
            Communication c = create(notice("Notes limit").notes(chars(10_000)).build());
            assertThat(current(c.id()).notes()).hasSize(10_000);
            badRequest("notes", () -> centre.create(admin, notice("Notes too long").notes(chars(10_001)).build()));
            badRequest("notes", () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes(chars(10_001)).build()));
            assertThat(centre.update(admin, c.id(), CommunicationChanges.builder().notes("y".repeat(10_000)).build()).notes())
                    .isEqualTo("y".repeat(10_000));
        }

        @Test
        void scheduledAtMustBeStrictlyAfterNow() {
            clock.set(Instant.parse("2030-06-01T10:00:00.123456789Z"));
            Instant nowMicros = Instant.parse("2030-06-01T10:00:00.123456Z");
            badRequest("scheduledAt", () -> centre.create(admin, notice("Now").scheduledAt(nowMicros).build()));
            badRequest("scheduledAt", () -> centre.create(admin, notice("Now with nanos").scheduledAt(clock.peek()).build()));
            badRequest("scheduledAt", () -> centre.create(admin, notice("Past").scheduledAt(nowMicros.minusSeconds(1)).build()));
            badRequest("scheduledAt", () -> centre.create(admin, notice("Long past").scheduledAt(Instant.EPOCH).build()));
            Communication c = create(notice("Next microsecond").scheduledAt(nowMicros.plus(1, ChronoUnit.MICROS)).build());
            assertThat(c.status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(c.scheduledAt()).isEqualTo(nowMicros.plus(1, ChronoUnit.MICROS));
        }

        @Test
        void scheduledAtMustBeStrictlyAfterNowInUpdatesToo() {
            Communication c = draft();
            Instant nowMicros = now();
            badRequest("scheduledAt", () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(nowMicros).build()));
            badRequest("scheduledAt", () -> centre.update(admin, c.id(),
                    CommunicationChanges.builder().scheduledAt(nowMicros.minus(Duration.ofDays(1))).build()));
            Communication s = centre.update(admin, c.id(),
                    CommunicationChanges.builder().scheduledAt(nowMicros.plus(1, ChronoUnit.MICROS)).build());
            assertThat(s.status()).isEqualTo(CommunicationStatus.SCHEDULED);
        }

        @Test
        void scheduledAtIsKeptUpToTheLastMicrosecondOfYear9999AndRefusedBeyond() {
            Instant last = Instant.parse("9999-12-31T23:59:59.999999Z");
            Communication c = create(notice("Far future").scheduledAt(last).build());
            assertThat(centre.getById(admin, c.id()).communication().scheduledAt()).isEqualTo(last);
            badRequest("scheduledAt", () -> centre.create(admin, notice("Year 10000").scheduledAt(last.plus(1, ChronoUnit.MICROS)).build()));
            badRequest("scheduledAt", () -> centre.create(admin, notice("Instant.MAX").scheduledAt(Instant.MAX).build()));
            badRequest("scheduledAt", () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(Instant.MAX).build()));
        }

        @Test
        void blockIdOf100CharactersIsAcceptedAnd101Rejected() {
            directory.addBlock(org, "b".repeat(100));
            directory.addBlock(org, "b".repeat(101));
            assertThat(create(notice("Long block").blockId("b".repeat(100)).build()).blockId()).hasSize(100);
            badRequest("blockId", () -> centre.create(admin, notice("Too long block").blockId("b".repeat(101)).build()));
            badRequest("blockId", () -> centre.create(admin, notice("Empty block").blockId("").build()));
        }

        @Test
        void unitIdOf100CharactersIsAcceptedAnd101Rejected() {
            directory.addUnit(org, BLOCK_A, "u".repeat(100), "Long", null);
            directory.addUnit(org, BLOCK_A, "u".repeat(101), "Too long", null);
            assertThat(create(notice("Long unit").unitId("u".repeat(100)).build()).unitId()).hasSize(100);
            badRequest("unitId", () -> centre.create(admin, notice("Too long unit").unitId("u".repeat(101)).build()));
            badRequest("unitId", () -> centre.create(admin, notice("Empty unit").unitId("").build()));
        }

        @Test
        void callerIdsOf101CharactersOrEmptyAreRejected() {
            String longOrg = "o".repeat(101);
            directory.addBlock(longOrg, BLOCK_A);
            for (Caller bad : List.of(Caller.admin(longOrg, "admin"), Caller.admin(org, "u".repeat(101)),
                    Caller.admin("", "admin"), Caller.admin(org, ""), Caller.member(longOrg, "member"))) {
                CommunicationCentreException e = badRequest("caller", () -> centre.create(bad, notice("Bad caller").build()));
                assertThat(e.getMessage()).startsWith("caller");
                badRequest("caller", () -> centre.list(bad, CommunicationFilter.all(), PageRequest.first()));
                badRequest("caller", () -> centre.count(bad, CommunicationFilter.all()));
                badRequest("caller", () -> centre.verifyAuditTrail(bad));
            }
        }

        @Test
        void blockOrUnitOfAnotherOrganisationIsRejected() {
            badRequest("blockId", () -> centre.create(admin, notice("Their block").blockId(OTHER_BLOCK).build()));
            badRequest("unitId", () -> centre.create(admin, notice("Their unit").unitId("x1").build()));
            badRequest("unitId", () -> centre.create(admin, notice("Their unit in our block").blockId(BLOCK_A).unitId("x1").build()));
            badRequest("blockId", () -> centre.create(admin, notice("Unknown block").blockId("no-such-block").build()));
            badRequest("unitId", () -> centre.create(admin, notice("Unknown unit").unitId("no-such-unit").build()));
        }

        @Test
        void unitMustBeInTheGivenBlock() {
            badRequest("unitId", () -> centre.create(admin, notice("Wrong block").blockId(BLOCK_A).unitId("b1").build()));
            assertThat(create(notice("Right block").blockId(BLOCK_B).unitId("b1").build()).unitId()).isEqualTo("b1");
        }

        @Test
        void malformedUnicodeIsRejectedInEveryTextFieldOfCreate() {
            for (String bad : MALFORMED_TEXT) {
                directory.addUnit(org, bad, "unit of " + bad, "Name", null);
                directory.addUnit(org, BLOCK_A, bad, "Name", null);
                badRequest("subject", () -> centre.create(admin, notice(bad).build()));
                badRequest("bodyHtml", () -> centre.create(admin, notice("Body").bodyHtml("<p>" + bad + "</p>").build()));
                badRequest("channel", () -> centre.create(admin, notice("Channel").channel(bad).build()));
                badRequest("notes", () -> centre.create(admin, notice("Notes").notes(bad).build()));
                badRequest("blockId", () -> centre.create(admin, notice("Block").blockId(bad).build()));
                badRequest("unitId", () -> centre.create(admin, notice("Unit").unitId(bad).build()));
                badRequest("caller", () -> centre.create(Caller.admin(org, bad), notice("User").build()));
                badRequest("caller", () -> centre.create(Caller.admin(bad, "admin"), notice("Org").build()));
            }
        }

        @Test
        void malformedUnicodeIsRejectedInEveryTextFieldOfTheOtherCalls() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipients(c.id()).get(0);
            for (String bad : MALFORMED_TEXT) {
                directory.addUnit(org, BLOCK_A, bad, "Name", null);
                badRequest("subject", () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject(bad).build()));
                badRequest("bodyHtml", () -> centre.update(admin, c.id(), CommunicationChanges.builder().bodyHtml(bad).build()));
                badRequest("channel", () -> centre.update(admin, c.id(), CommunicationChanges.builder().channel(bad).build()));
                badRequest("notes", () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes(bad).build()));
                badRequestNaming(List.of("reason", "failureReason"), () -> centre.markFailed(admin, c.id(), bad));
                badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, bad));
                badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a2", bad)));
                badRequest("caller", () -> centre.getById(Caller.member(org, bad), c.id()));
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, () -> centre.list(admin,
                        CommunicationFilter.builder().blockId(bad).build(), PageRequest.first()));
                assertThat(e.getMessage()).contains("blockId");
                e = rejected(ErrorCode.BAD_REQUEST, () -> centre.count(admin, CommunicationFilter.builder().unitId(bad).build()));
                assertThat(e.getMessage()).contains("unitId");
            }
        }

        @Test
        void markFailedReasonOf1000CharactersIsAcceptedAnd1001Rejected() {
            Communication a = draft();
            badRequestNaming(List.of("reason", "failureReason"), () -> centre.markFailed(admin, a.id(), chars(1_001)));
            assertThat(centre.markFailed(admin, a.id(), chars(1_000)).failureReason()).isEqualTo(chars(1_000));
        }

        @Test
        void failureReasonOf1000CharactersIsAcceptedAnd1001Rejected() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipients(c.id()).get(0);
            badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, chars(1_001)));
            assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, chars(1_000)).failureReason())
                    .isEqualTo(chars(1_000));
        }

        @ParameterizedTest
        @EnumSource(value = DeliveryStatus.class, names = {"PENDING", "DELIVERED", "OPENED"})
        void failureReasonIsOnlyAcceptedWithBouncedOrFailed(DeliveryStatus status) {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipients(c.id()).get(0);
            badRequest("failureReason", () -> centre.updateRecipientStatus(admin, r.id(), status, "why"));
        }

        @Test
        void addRecipientsNeedsAtLeastOneAndAtMost50000Ids() {
            Communication c = draft();
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of()));
            List<String> tooMany = IntStream.range(0, 50_001).mapToObj(i -> "many-" + i).collect(Collectors.toList());
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), tooMany));
            List<String> withNull = Arrays.asList("a1", null);
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), withNull));
            directory.addUnit(org, BLOCK_A, "u".repeat(100), "Hundred", null);
            directory.addUnit(org, BLOCK_A, "u".repeat(101), "Hundred and one", null);
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a1", "u".repeat(101))));
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("a1", "")));
            assertThat(centre.addRecipients(admin, c.id(), List.of("u".repeat(100))).added()).isEqualTo(1);
        }

        @Test
        void addRecipientsWithNoIdOfTheOrganisationIsRejected() {
            Communication c = draft();
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("x1", "x2", "no-such-unit")));
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), List.of("no-such-unit")));
        }
    }

    // ---- HTML sanitising ------------------------------------------------------------------------

    @Nested
    class HtmlSanitising {

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
    }

    // ---- the lifecycle table --------------------------------------------------------------------

    @Nested
    class LifecycleTable {

        @ParameterizedTest(name = "update of a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void updateRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            CommunicationChanges changes = CommunicationChanges.builder().subject("Changed subject").build();
            if (status.isEditable()) {
                Communication u = centre.update(admin, c.id(), changes);
                assertThat(u.subject()).isEqualTo("Changed subject");
                assertThat(u.status()).isEqualTo(status);
                assertThat(current(c.id())).isEqualTo(u);
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), changes));
                rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), CommunicationChanges.builder().notes("n").build()));
                rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(),
                        CommunicationChanges.builder().scheduledAt(now().plus(Duration.ofDays(1))).build()));
                rejected(ErrorCode.CONFLICT, () -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(null).build()));
            }
        }

        @ParameterizedTest(name = "delete of a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void deleteRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            if (status.isEditable()) {
                centre.delete(admin, c.id());
                expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.delete(admin, c.id()));
                assertThat(current(c.id())).isEqualTo(c);
            }
        }

        @ParameterizedTest(name = "addRecipients to a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void addRecipientsRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            if (status.isEditable()) {
                assertThat(centre.addRecipients(admin, c.id(), List.of("a4", "b1")).added()).isEqualTo(2);
                assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4", "b1");
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, c.id(), List.of("a4", "b1")));
                rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, c.id(), List.of("a1")));
            }
        }

        @ParameterizedTest(name = "addBlockRecipients to a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void addBlockRecipientsRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            if (status.isEditable()) {
                assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(1, 3, 0));
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.addBlockRecipients(admin, c.id()));
            }
        }

        @ParameterizedTest(name = "markSent of a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void markSentRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            if (status.isEditable()) {
                Communication sent = centre.markSent(admin, c.id());
                assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
                assertThat(current(c.id())).isEqualTo(sent);
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.markSent(admin, c.id()));
            }
        }

        @ParameterizedTest(name = "markFailed of a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void markFailedRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            if (status.isEditable()) {
                Communication failed = centre.markFailed(admin, c.id(), "franking machine broken");
                assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
                assertThat(current(c.id())).isEqualTo(failed);
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, c.id(), "again"));
                rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, c.id(), null));
            }
        }

        @ParameterizedTest(name = "duplicate of a {0} communication")
        @EnumSource(CommunicationStatus.class)
        void duplicateRow(CommunicationStatus status) {
            Communication c = inState(status);
            tick();
            Communication copy = duplicate(c.id(), true);
            assertThat(copy.status()).isEqualTo(CommunicationStatus.DRAFT);
            assertThat(copy.id()).isNotEqualTo(c.id());
            assertThat(copy.subject()).isEqualTo(c.subject());
            assertThat(recipients(copy.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3");
            assertThat(current(c.id())).as("the original is untouched").isEqualTo(c);
        }
    }

    // ---- updating -------------------------------------------------------------------------------

    @Nested
    class Updating {

        @Test
        void omittedFieldsStayAsTheyAre() {
            Communication c = draft();
            tick();
            Instant at = now();
            Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().notes("new notes").build());
            assertThat(u.notes()).isEqualTo("new notes");
            assertThat(u.subject()).isEqualTo(c.subject());
            assertThat(u.bodyHtml()).isEqualTo(c.bodyHtml());
            assertThat(u.channel()).isEqualTo(c.channel());
            assertThat(u.scheduledAt()).isEqualTo(c.scheduledAt());
            assertThat(u.status()).isEqualTo(c.status());
            assertThat(u.blockId()).isEqualTo(c.blockId());
            assertThat(u.unitId()).isEqualTo(c.unitId());
            assertThat(u.communicationType()).isEqualTo(c.communicationType());
            assertThat(u.createdAt()).isEqualTo(c.createdAt());
            assertThat(u.createdBy()).isEqualTo(c.createdBy());
            assertThat(u.updatedAt()).isEqualTo(at);
            assertThat(u.version()).isGreaterThan(c.version());
            assertThat(current(c.id())).isEqualTo(u);
        }

        @Test
        void everyEditableFieldChanges() {
            Communication c = draft();
            tick();
            Instant when = now().plus(Duration.ofDays(2));
            Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().subject("  New subject ")
                    .bodyHtml("<p>New body</p>").channel(" portal ").scheduledAt(when).notes(" new notes ").build());
            assertThat(u.subject()).isEqualTo("New subject");
            assertThat(u.bodyHtml()).isEqualTo("<p>New body</p>");
            assertThat(u.channel()).isEqualTo("portal");
            assertThat(u.scheduledAt()).isEqualTo(when);
            assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(u.notes()).isEqualTo(" new notes ");
            assertThat(current(c.id())).isEqualTo(u);
        }

        @Test
        void bodyAndNotesCanBeCleared() {
            Communication c = draft();
            Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().bodyHtml(null).notes(null).build());
            assertThat(u.bodyHtml()).isNull();
            assertThat(u.notes()).isNull();
            assertThat(current(c.id())).isEqualTo(u);
            AuditEvent e = trail(c.id()).get(1);
            assertThat(e.type()).isEqualTo(AuditEventType.UPDATED);
            assertThat(Set.of(e.details().get("changedFields").split(","))).containsExactlyInAnyOrder("bodyHtml", "notes");
            assertThat(e.details()).containsEntry("notes.old", "ref S20/2030/4").doesNotContainKey("notes.new")
                    .containsEntry("bodyHtml.oldSha256", sha256(c.bodyHtml())).doesNotContainKey("bodyHtml.newSha256");
        }

        @Test
        void nullScheduledAtMovesAScheduledCommunicationBackToDraft() {
            Communication c = scheduled();
            tick();
            Instant at = now();
            List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(null).build()));
            Communication u = current(c.id());
            assertThat(u.status()).isEqualTo(CommunicationStatus.DRAFT);
            assertThat(u.scheduledAt()).isNull();
            assertThat(u.updatedAt()).isEqualTo(at);
            assertThat(events).extracting(AuditEvent::type).contains(AuditEventType.UNSCHEDULED)
                    .doesNotContain(AuditEventType.SCHEDULED);
            AuditEvent unscheduled = events.stream().filter(e -> e.type() == AuditEventType.UNSCHEDULED).findFirst().orElseThrow();
            assertEvent(unscheduled, AuditEventType.UNSCHEDULED, c.id(), admin, at);
            assertThat(Instant.parse(unscheduled.details().get("previousScheduledAt"))).isEqualTo(c.scheduledAt());
        }

        @Test
        void futureScheduledAtMovesADraftToScheduled() {
            Communication c = draft();
            tick();
            Instant at = now();
            Instant when = at.plus(Duration.ofHours(5));
            List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(when).build()));
            Communication u = current(c.id());
            assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(u.scheduledAt()).isEqualTo(when);
            assertThat(events).extracting(AuditEvent::type).contains(AuditEventType.SCHEDULED)
                    .doesNotContain(AuditEventType.UNSCHEDULED);
            AuditEvent scheduled = events.stream().filter(e -> e.type() == AuditEventType.SCHEDULED).findFirst().orElseThrow();
            assertEvent(scheduled, AuditEventType.SCHEDULED, c.id(), admin, at);
            assertThat(Instant.parse(scheduled.details().get("scheduledAt"))).isEqualTo(when);
        }

        @Test
        void reschedulingKeepsItScheduledAndRecordsOldAndNewInstant() {
            Communication c = scheduled();
            tick();
            Instant at = now();
            Instant later = c.scheduledAt().plus(Duration.ofDays(1));
            List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder().scheduledAt(later).build()));
            assertThat(current(c.id()).status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(current(c.id()).scheduledAt()).isEqualTo(later);
            AuditEvent updated = events.stream().filter(e -> e.type() == AuditEventType.UPDATED).findFirst()
                    .orElseThrow(() -> new AssertionError("an updated event records the new instant: " + events));
            assertEvent(updated, AuditEventType.UPDATED, c.id(), admin, at);
            assertThat(updated.details().get("changedFields").split(",")).contains("scheduledAt");
            assertThat(Instant.parse(updated.details().get("scheduledAt.old"))).isEqualTo(c.scheduledAt());
            assertThat(Instant.parse(updated.details().get("scheduledAt.new"))).isEqualTo(later);
        }

        @Test
        void editingAScheduledCommunicationKeepsItScheduled() {
            Communication c = scheduled();
            Communication u = centre.update(admin, c.id(), CommunicationChanges.builder().subject("Renewal, revised").build());
            assertThat(u.status()).isEqualTo(CommunicationStatus.SCHEDULED);
            assertThat(u.scheduledAt()).isEqualTo(c.scheduledAt());
        }

        @Test
        void updatedEventRecordsEachChangedFieldWithOldAndNewValue() {
            Communication c = draft();
            tick();
            Instant at = now();
            List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder()
                    .subject("New subject").bodyHtml("<p>New body</p>").channel("email").notes("new notes").build()));
            assertThat(events).hasSize(1);
            AuditEvent e = events.get(0);
            assertEvent(e, AuditEventType.UPDATED, c.id(), admin, at);
            assertThat(Set.of(e.details().get("changedFields").split(",")))
                    .containsExactlyInAnyOrder("subject", "bodyHtml", "channel", "notes");
            assertThat(e.details()).containsEntry("subject.old", "Section 20: roof works").containsEntry("subject.new", "New subject")
                    .containsEntry("channel.old", "post").containsEntry("channel.new", "email")
                    .containsEntry("notes.old", "ref S20/2030/4").containsEntry("notes.new", "new notes")
                    .containsEntry("bodyHtml.oldSha256", sha256("<p>Dear leaseholder,</p>"))
                    .containsEntry("bodyHtml.newSha256", sha256("<p>New body</p>"))
                    .doesNotContainKeys("scheduledAt.old", "scheduledAt.new");
        }

        @Test
        void onlyTheFieldsThatReallyChangedAreRecorded() {
            Communication c = draft();
            List<AuditEvent> events = appendedBy(() -> centre.update(admin, c.id(), CommunicationChanges.builder()
                    .subject(" " + c.subject() + " ").channel(c.channel()).notes("other notes").build()));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).details().get("changedFields")).isEqualTo("notes");
            assertThat(events.get(0).details()).doesNotContainKeys("subject.old", "subject.new", "channel.old", "channel.new");
        }

        @Test
        void anUpdateThatChangesNothingStoresNothing() {
            Communication c = draft();
            Communication s = scheduled();
            tick();
            for (CommunicationChanges same : List.of(
                    CommunicationChanges.builder().build(),
                    CommunicationChanges.builder().subject(c.subject()).build(),
                    CommunicationChanges.builder().subject("  " + c.subject() + "\t").channel(" " + c.channel() + " ").build(),
                    CommunicationChanges.builder().bodyHtml(c.bodyHtml()).notes(c.notes()).build(),
                    CommunicationChanges.builder().scheduledAt(null).build())) {
                State before = state();
                Communication u = centre.update(admin, c.id(), same);
                assertThat(u).as("unchanged by %s", same).isEqualTo(c);
                assertThat(state()).as("nothing stored for %s", same).isEqualTo(before);
            }
            State before = state();
            assertThat(centre.update(admin, s.id(), CommunicationChanges.builder().scheduledAt(s.scheduledAt()).build())).isEqualTo(s);
            assertThat(state()).isEqualTo(before);
        }
    }

    // ---- sending and failing --------------------------------------------------------------------

    @Nested
    class SendingAndFailing {

        @Test
        void markSentRecordsSentAtAndTheSendingUser() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
            Caller sender = Caller.admin(org, "admin-2");
            tick();
            Instant at = now();
            Communication before = current(c.id());
            Communication sent = centre.markSent(sender, c.id());
            assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
            assertThat(sent.sentAt()).isEqualTo(at);
            assertThat(sent.sentBy()).isEqualTo("admin-2");
            assertThat(sent.updatedAt()).isEqualTo(at);
            assertThat(sent.failedAt()).isNull();
            assertThat(sent.subject()).isEqualTo(before.subject());
            assertThat(sent.bodyHtml()).isEqualTo(before.bodyHtml());
            assertThat(sent.createdBy()).isEqualTo(admin.userId());
            assertThat(current(c.id())).isEqualTo(sent);

            List<AuditEvent> events = trail(c.id());
            AuditEvent e = events.get(events.size() - 1);
            assertEvent(e, AuditEventType.SENT, c.id(), sender, at);
            assertThat(Instant.parse(e.details().get("sentAt"))).isEqualTo(at);
            assertThat(e.details().get("contentSha256")).matches("[0-9a-f]{64}");
            assertThat(e.details().get("recipientsSha256")).matches("[0-9a-f]{64}");
            assertThat(e.details()).containsEntry("recipientCount", "3");
        }

        @Test
        void aScheduledCommunicationCanBeSentBeforeItsTime() {
            Communication c = scheduled();
            Communication sent = centre.markSent(admin, c.id());
            assertThat(sent.status()).isEqualTo(CommunicationStatus.SENT);
            assertThat(sent.sentAt()).isEqualTo(now());
        }

        @Test
        void digestsDifferWhenContentOrRecipientsDiffer() {
            Communication a = draft();
            centre.addRecipients(admin, a.id(), List.of("a1"));
            Communication b = draft();
            centre.addRecipients(admin, b.id(), List.of("a2"));
            Communication c = create(notice("Other subject").bodyHtml("<p>Dear leaseholder,</p>").blockId(BLOCK_A).channel("post")
                    .notes("ref S20/2030/4").build());
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Map<String, String> da = sentDetails(a.id());
            Map<String, String> db = sentDetails(b.id());
            Map<String, String> dc = sentDetails(c.id());
            assertThat(db.get("recipientsSha256")).isNotEqualTo(da.get("recipientsSha256"));
            assertThat(dc.get("contentSha256")).isNotEqualTo(da.get("contentSha256"));
        }

        private Map<String, String> sentDetails(UUID id) {
            centre.markSent(admin, id);
            List<AuditEvent> events = trail(id);
            return events.get(events.size() - 1).details();
        }

        @Test
        void markFailedRecordsFailedAtAndReason() {
            Communication c = scheduled();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            tick();
            Instant at = now();
            Communication failed = centre.markFailed(admin, c.id(), "print run lost");
            assertThat(failed.status()).isEqualTo(CommunicationStatus.FAILED);
            assertThat(failed.failedAt()).isEqualTo(at);
            assertThat(failed.failureReason()).isEqualTo("print run lost");
            assertThat(failed.sentAt()).isNull();
            assertThat(failed.sentBy()).isNull();
            assertThat(failed.updatedAt()).isEqualTo(at);
            assertThat(current(c.id())).isEqualTo(failed);

            List<AuditEvent> events = trail(c.id());
            AuditEvent e = events.get(events.size() - 1);
            assertEvent(e, AuditEventType.FAILED, c.id(), admin, at);
            assertThat(Instant.parse(e.details().get("failedAt"))).isEqualTo(at);
            assertThat(e.details()).containsEntry("reason", "print run lost").containsEntry("recipientCount", "2");
            assertThat(e.details().get("contentSha256")).matches("[0-9a-f]{64}");
            assertThat(e.details().get("recipientsSha256")).matches("[0-9a-f]{64}");
        }

        @Test
        void markFailedWithoutReason() {
            Communication c = draft();
            Communication failed = centre.markFailed(admin, c.id(), null);
            assertThat(failed.failureReason()).isNull();
            List<AuditEvent> events = trail(c.id());
            assertThat(events.get(events.size() - 1).details()).doesNotContainKey("reason").containsEntry("recipientCount", "0");
        }

        @Test
        void aSentCommunicationAndItsRecipientListNeverChange() {
            Communication sent = inState(CommunicationStatus.SENT);
            List<Recipient> recipientsAtSending = recipients(sent.id());
            tick();
            rejected(ErrorCode.CONFLICT, () -> centre.update(admin, sent.id(), CommunicationChanges.builder().subject("x").build()));
            rejected(ErrorCode.CONFLICT, () -> centre.addRecipients(admin, sent.id(), List.of("a4")));
            rejected(ErrorCode.CONFLICT, () -> centre.addBlockRecipients(admin, sent.id()));
            rejected(ErrorCode.CONFLICT, () -> centre.delete(admin, sent.id()));
            rejected(ErrorCode.CONFLICT, () -> centre.markSent(admin, sent.id()));
            rejected(ErrorCode.CONFLICT, () -> centre.markFailed(admin, sent.id(), "late"));
            directory.setLeaseholder(org, "a1", "Somebody Else", "else@example.com");
            assertThat(current(sent.id())).isEqualTo(sent);
            assertThat(recipients(sent.id())).isEqualTo(recipientsAtSending);
            assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        }
    }

    // ---- deleting -------------------------------------------------------------------------------

    @Nested
    class Deleting {

        @Test
        void deleteRemovesTheCommunicationAndItsRecipients() {
            Communication keep = draft();
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            Recipient r = recipients(c.id()).get(0);
            long countBefore = centre.count(admin, CommunicationFilter.all());
            centre.delete(admin, c.id());
            expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, c.id()));
            expectError(ErrorCode.NOT_FOUND, () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()));
            rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED));
            rejected(ErrorCode.NOT_FOUND, () -> centre.addRecipients(admin, c.id(), List.of("a3")));
            rejected(ErrorCode.NOT_FOUND, () -> centre.update(admin, c.id(), CommunicationChanges.builder().subject("x").build()));
            rejected(ErrorCode.NOT_FOUND, () -> centre.markSent(admin, c.id()));
            rejected(ErrorCode.NOT_FOUND, () -> centre.duplicate(admin, c.id(), true));
            rejected(ErrorCode.NOT_FOUND, () -> centre.delete(admin, c.id()));
            assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(countBefore - 1);
            assertThat(listAll(admin, CommunicationFilter.all(), 100)).extracting(Communication::id)
                    .doesNotContain(c.id()).contains(keep.id());
            assertThat(current(keep.id())).isEqualTo(keep);
        }

        @Test
        void theAuditTrailOutlivesTheCommunication() {
            Communication c = scheduled();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
            List<AuditEvent> before = trail(c.id());
            tick();
            Instant at = now();
            Caller deleter = Caller.admin(org, "admin-9");
            centre.delete(deleter, c.id());
            List<AuditEvent> after = trail(c.id());
            assertThat(after).hasSize(before.size() + 1).startsWith(before.toArray(new AuditEvent[0]));
            AuditEvent deleted = after.get(after.size() - 1);
            assertEvent(deleted, AuditEventType.DELETED, c.id(), deleter, at);
            assertThat(deleted.details()).containsEntry("communicationType", "notice").containsEntry("subject", c.subject())
                    .containsEntry("status", "scheduled").containsEntry("recipientCount", "3");
            assertThat(centre.auditTrail(member, c.id())).isEqualTo(after);
            assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        }

        @Test
        void aDeletedCommunicationsUnitsCanBeUsedElsewhere() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            centre.delete(admin, c.id());
            Communication d = draft();
            assertThat(centre.addRecipients(admin, d.id(), List.of("a1")).added()).isEqualTo(1);
        }
    }

    // ---- duplicating ----------------------------------------------------------------------------

    @Nested
    class Duplicating {

        @Test
        void duplicateCopiesContentAndScopeIntoANewDraft() {
            Communication original = create(NewCommunication.builder(CommunicationType.AGM_NOTICE, "AGM 2029")
                    .bodyHtml("<p>Agenda</p>").blockId(BLOCK_B).unitId("b2").channel("post")
                    .scheduledAt(now().plus(Duration.ofDays(9))).notes("ref AGM/29").build());
            centre.addRecipients(admin, original.id(), List.of("b1"));
            Communication sent = centre.markSent(admin, original.id());
            tick();
            Instant at = now();
            Caller copier = Caller.admin(org, "admin-3");
            Communication copy = centre.duplicate(copier, original.id(), false);
            known.add(copy.id());
            assertThat(isVersion7(copy.id())).isTrue();
            assertThat(copy.id()).isNotEqualTo(original.id());
            assertThat(copy.organisationId()).isEqualTo(org);
            assertThat(copy.communicationType()).isEqualTo(CommunicationType.AGM_NOTICE);
            assertThat(copy.subject()).isEqualTo("AGM 2029");
            assertThat(copy.bodyHtml()).isEqualTo("<p>Agenda</p>");
            assertThat(copy.blockId()).isEqualTo(BLOCK_B);
            assertThat(copy.unitId()).isEqualTo("b2");
            assertThat(copy.channel()).isEqualTo("post");
            assertThat(copy.notes()).isEqualTo("ref AGM/29");
            assertThat(copy.status()).isEqualTo(CommunicationStatus.DRAFT);
            assertThat(copy.scheduledAt()).isNull();
            assertThat(copy.sentAt()).isNull();
            assertThat(copy.sentBy()).isNull();
            assertThat(copy.failedAt()).isNull();
            assertThat(copy.failureReason()).isNull();
            assertThat(copy.createdBy()).isEqualTo("admin-3");
            assertThat(copy.createdAt()).isEqualTo(at);
            assertThat(copy.updatedAt()).isEqualTo(at);
            assertThat(centre.getById(admin, copy.id()).recipientCount()).isZero();
            assertThat(current(copy.id())).isEqualTo(copy);
            assertThat(current(original.id())).isEqualTo(sent);

            List<AuditEvent> events = trail(copy.id());
            assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED);
            assertEvent(events.get(0), AuditEventType.DUPLICATED, copy.id(), copier, at);
            assertThat(events.get(0).details()).containsEntry("sourceCommunicationId", original.id().toString())
                    .containsEntry("includeRecipients", "false");
        }

        @Test
        void duplicateWithRecipientsTakesFreshSnapshots() {
            Communication original = draft();
            centre.addRecipients(admin, original.id(), List.of("a3", "a1", "b2"));
            List<Recipient> originalRecipients = recipients(original.id());
            centre.updateRecipientStatus(admin, originalRecipients.get(0).id(), DeliveryStatus.DELIVERED);
            Communication sent = centre.markSent(admin, original.id());
            List<Recipient> atSending = recipients(original.id());
            directory.setLeaseholder(org, "a1", "Alice New-Owner", "alice.new@example.com");
            directory.setLeaseholder(org, "a3", "Carol Chen", "carol@example.com");
            tick();
            Instant at = now();
            Communication copy = duplicate(original.id(), true);

            List<Recipient> copied = recipients(copy.id());
            assertThat(copied).extracting(Recipient::unitId).containsExactly("a3", "a1", "b2");
            assertThat(copied).extracting(Recipient::position).containsExactly(1L, 2L, 3L);
            assertThat(copied).extracting(Recipient::recipientName).containsExactly("Carol Chen", "Alice New-Owner", "Erin Evans");
            assertThat(copied).extracting(Recipient::recipientEmail)
                    .containsExactly("carol@example.com", "alice.new@example.com", "erin@example.com");
            assertThat(copied).allSatisfy(r -> {
                assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
                assertThat(r.deliveredAt()).isNull();
                assertThat(r.communicationId()).isEqualTo(copy.id());
                assertThat(r.addedAt()).isEqualTo(at);
                assertThat(r.addedBy()).isEqualTo(admin.userId());
                assertThat(isVersion7(r.id())).isTrue();
            });
            assertThat(copied).extracting(Recipient::id).doesNotContainAnyElementsOf(
                    atSending.stream().map(Recipient::id).collect(Collectors.toList()));
            assertThat(recipients(original.id())).as("the original keeps its snapshots").isEqualTo(atSending);
            assertThat(current(original.id())).isEqualTo(sent);

            List<AuditEvent> events = trail(copy.id());
            assertThat(events).extracting(AuditEvent::type)
                    .containsExactly(AuditEventType.DUPLICATED, AuditEventType.RECIPIENTS_ADDED);
            assertThat(events.get(0).details()).containsEntry("sourceCommunicationId", original.id().toString())
                    .containsEntry("includeRecipients", "true");
            assertThat(events.get(1).details()).containsEntry("added", "3");
            assertThat(events.get(1).unitIds()).containsExactly("a3", "a1", "b2");
        }

        @Test
        void duplicateWithRecipientsOfACommunicationWithoutRecipientsAddsNone() {
            Communication original = draft();
            Communication copy = duplicate(original.id(), true);
            assertThat(recipients(copy.id())).isEmpty();
            assertThat(trail(copy.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED);
        }

        @Test
        void duplicateSkipsUnitsThatLeftTheOrganisation() {
            Communication original = draft();
            centre.addRecipients(admin, original.id(), List.of("a1", "a2", "b1"));
            directory.removeUnit(org, "a2");
            Communication copy = duplicate(original.id(), true);
            assertThat(recipients(copy.id())).extracting(Recipient::unitId).containsExactly("a1", "b1");
        }

        @Test
        void duplicateLeavesTheOriginalsTrailAlone() {
            Communication original = inState(CommunicationStatus.FAILED);
            List<AuditEvent> before = trail(original.id());
            duplicate(original.id(), true);
            duplicate(original.id(), false);
            assertThat(trail(original.id())).isEqualTo(before);
            assertThat(current(original.id())).isEqualTo(original);
        }
    }

    // ---- adding recipients ----------------------------------------------------------------------

    @Nested
    class AddingRecipients {

        @Test
        void addRecipientsSnapshotsEachLeaseholderInTheOrderGiven() {
            Communication c = draft();
            tick();
            Instant at = now();
            AddRecipientsResult result = centre.addRecipients(admin, c.id(), List.of("a3", "a1", "a4", "a2"));
            assertThat(result).isEqualTo(new AddRecipientsResult(4, 0, 0));
            List<Recipient> rs = recipients(c.id());
            assertThat(rs).extracting(Recipient::unitId).containsExactly("a3", "a1", "a4", "a2");
            assertThat(rs).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L);
            assertThat(rs).extracting(Recipient::recipientName).containsExactly("Carol Chen", "Alice Ames", null, "Bob Brown");
            assertThat(rs).extracting(Recipient::recipientEmail).containsExactly(null, "alice@example.com", null, "bob@example.com");
            assertThat(rs).allSatisfy(r -> {
                assertThat(isVersion7(r.id())).as("recipient id is a UUID version 7").isTrue();
                assertThat(r.organisationId()).isEqualTo(org);
                assertThat(r.communicationId()).isEqualTo(c.id());
                assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.PENDING);
                assertThat(r.deliveredAt()).isNull();
                assertThat(r.openedAt()).isNull();
                assertThat(r.failureReason()).isNull();
                assertThat(r.addedAt()).isEqualTo(at);
                assertThat(r.updatedAt()).isEqualTo(at);
                assertThat(r.addedBy()).isEqualTo(admin.userId());
            });
            assertThat(rs).extracting(Recipient::id).doesNotHaveDuplicates();
        }

        @Test
        void recipientsAddedEventListsTheAddedUnits() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            tick();
            Instant at = now();
            List<AuditEvent> events = appendedBy(() -> centre.addRecipients(admin, c.id(), List.of("b2", "a1", "x1", "b1", "b2")));
            assertThat(events).hasSize(1);
            AuditEvent e = events.get(0);
            assertEvent(e, AuditEventType.RECIPIENTS_ADDED, c.id(), admin, at);
            assertThat(e.details()).containsEntry("added", "2");
            assertThat(e.unitIds()).containsExactly("b2", "b1");
            assertThat(e.recipientId()).isNull();
        }

        @Test
        void repeatedIdsCountOnce() {
            Communication c = draft();
            assertThat(centre.addRecipients(admin, c.id(), List.of("a1", "a1", "a2", "a1", "a2")))
                    .isEqualTo(new AddRecipientsResult(2, 0, 0));
            assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2");
        }

        @Test
        void unitsAlreadyOnTheCommunicationAreSkippedAndCounted() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            assertThat(centre.addRecipients(admin, c.id(), List.of("a2", "a3", "a1", "a4")))
                    .isEqualTo(new AddRecipientsResult(2, 2, 0));
            List<Recipient> rs = recipients(c.id());
            assertThat(rs).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4");
            assertThat(rs).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L);
        }

        @Test
        void unitsOutsideTheOrganisationAreSkippedSilently() {
            Communication c = draft();
            assertThat(centre.addRecipients(admin, c.id(), List.of("x1", "a1", "no-such-unit", "x2", "x1")))
                    .isEqualTo(new AddRecipientsResult(1, 0, 3));
            assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1");
        }

        @Test
        void whenEveryUnitIsAlreadyARecipientNothingIsStored() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            State before = state();
            assertThat(centre.addRecipients(admin, c.id(), List.of("a1", "a2", "x1", "a2")))
                    .isEqualTo(new AddRecipientsResult(0, 2, 1));
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void snapshotsNeverChangeWhenTheDirectoryChanges() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a3"));
            List<Recipient> before = recipients(c.id());
            directory.setLeaseholder(org, "a1", "New Owner", "new.owner@example.com");
            directory.setLeaseholder(org, "a3", null, null);
            directory.removeUnit(org, "a1");
            assertThat(recipients(c.id())).isEqualTo(before);
            assertThat(before).extracting(Recipient::recipientName).containsExactly("Alice Ames", "Carol Chen");
            centre.markSent(admin, c.id());
            assertThat(recipients(c.id())).isEqualTo(before);
        }

        @Test
        void positionsContinueAcrossCalls() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("b2"));
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            centre.addRecipients(admin, c.id(), List.of("b1"));
            assertThat(recipients(c.id())).extracting(Recipient::unitId, Recipient::position)
                    .containsExactly(tuple("b2", 1L), tuple("a1", 2L),
                            tuple("a2", 3L), tuple("b1", 4L));
        }

        @Test
        void fiftyThousandUnitsAreAddedInOneCallWithOneDirectoryLookUp() {
            Communication c = draft();
            List<String> units = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                String unit = "bulk-" + i;
                units.add(unit);
                directory.addUnit(org, "block-bulk", unit, "Leaseholder " + i, i % 10 == 0 ? null : "l" + i + "@example.com");
            }
            List<String> tooMany = new ArrayList<>(units);
            tooMany.add("a1");
            badRequest("unitIds", () -> centre.addRecipients(admin, c.id(), tooMany));
            int callsBefore = directory.findUnitsCalls();
            assertThat(centre.addRecipients(admin, c.id(), units)).isEqualTo(new AddRecipientsResult(50_000, 0, 0));
            assertThat(directory.findUnitsCalls() - callsBefore).as("one bulk look-up").isEqualTo(1);
            CommunicationDetails d = centre.getById(admin, c.id());
            assertThat(d.recipientCount()).isEqualTo(50_000);
            assertThat(d.deliveryCount(DeliveryStatus.PENDING)).isEqualTo(50_000);
            assertThat(d.recipientsWithoutEmail()).isEqualTo(5_000);
            Page<Recipient> first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(100));
            assertThat(first.items()).extracting(Recipient::unitId).startsWith("bulk-0", "bulk-1", "bulk-2");
            assertThat(first.items().get(99).position()).isEqualTo(100);
            List<AuditEvent> events = trail(c.id());
            AuditEvent added = events.get(events.size() - 1);
            assertThat(added.details()).containsEntry("added", "50000");
            assertThat(added.unitIds()).hasSize(50_000).startsWith("bulk-0", "bulk-1");
            assertThat(centre.addRecipients(admin, c.id(), units)).isEqualTo(new AddRecipientsResult(0, 50_000, 0));
        }

        @Test
        void addBlockRecipientsAddsEveryUnitOfTheBlockInTheDirectorysOrder() {
            Communication c = draft();
            tick();
            Instant at = now();
            List<AuditEvent> events = appendedBy(() -> assertThat(centre.addBlockRecipients(admin, c.id()))
                    .isEqualTo(new AddRecipientsResult(4, 0, 0)));
            assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4");
            assertThat(events).hasSize(1);
            assertEvent(events.get(0), AuditEventType.RECIPIENTS_ADDED, c.id(), admin, at);
            assertThat(events.get(0).unitIds()).containsExactly("a1", "a2", "a3", "a4");

            directory.addUnit(org, BLOCK_A, "a5", "Fay Fox", "fay@example.com");
            assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(1, 4, 0));
            assertThat(recipients(c.id())).extracting(Recipient::unitId).containsExactly("a1", "a2", "a3", "a4", "a5");
            State before = state();
            assertThat(centre.addBlockRecipients(admin, c.id())).isEqualTo(new AddRecipientsResult(0, 5, 0));
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void addBlockRecipientsNeedsABlock() {
            Communication c = create(notice("No block").build());
            badRequest("blockId", () -> centre.addBlockRecipients(admin, c.id()));
            Communication unitOnly = create(notice("Unit only").unitId("a1").build());
            if (unitOnly.blockId() == null) {
                badRequest("blockId", () -> centre.addBlockRecipients(admin, unitOnly.id()));
            }
        }
    }

    // ---- delivery status ------------------------------------------------------------------------

    @Nested
    class DeliveryTracking {

        private Recipient recipientIn(DeliveryStatus status) {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipients(c.id()).get(0);
            tick();
            switch (status) {
                case DELIVERED:
                    return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
                case OPENED:
                    centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED);
                    tick();
                    return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
                case BOUNCED:
                    return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED, "mailbox full");
                case FAILED:
                    return centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.FAILED, "no such address");
                default:
                    return r;
            }
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("io.github.commscentre.CommunicationCentreBehaviourTest#deliveryStatusPairs")
        void deliveryStatusMovesForwardOnly(DeliveryStatus from, DeliveryStatus to) {
            Recipient before = recipientIn(from);
            tick();
            Instant at = now();
            String reason = to.acceptsFailureReason() ? "reason for " + to.wireName() : null;
            if (from == to) {
                State s = state();
                assertThat(centre.updateRecipientStatus(admin, before.id(), to, reason)).isEqualTo(before);
                assertThat(state()).as("the same status again changes nothing").isEqualTo(s);
            } else if (from.canMoveTo(to)) {
                List<AuditEvent> events = appendedBy(() -> centre.updateRecipientStatus(admin, before.id(), to, reason));
                Recipient after = recipientById(before.communicationId(), before.id());
                assertThat(after.deliveryStatus()).isEqualTo(to);
                assertThat(after.updatedAt()).isEqualTo(at);
                assertThat(after.failureReason()).isEqualTo(reason);
                Instant expectedDeliveredAt = to == DeliveryStatus.DELIVERED
                        || (to == DeliveryStatus.OPENED && before.deliveredAt() == null) ? at : before.deliveredAt();
                assertThat(after.deliveredAt()).isEqualTo(expectedDeliveredAt);
                assertThat(after.openedAt()).isEqualTo(to == DeliveryStatus.OPENED ? at : null);
                assertThat(after).usingRecursiveComparison()
                        .ignoringFields("deliveryStatus", "updatedAt", "failureReason", "deliveredAt", "openedAt")
                        .isEqualTo(before);
                assertThat(events).hasSize(1);
                AuditEvent e = events.get(0);
                assertEvent(e, AuditEventType.RECIPIENT_STATUS_CHANGED, before.communicationId(), admin, at);
                assertThat(e.recipientId()).isEqualTo(before.id());
                assertThat(e.details()).containsEntry("unitId", "a1").containsEntry("from", from.wireName())
                        .containsEntry("to", to.wireName());
                if (reason == null) {
                    assertThat(e.details()).doesNotContainKey("reason");
                } else {
                    assertThat(e.details()).containsEntry("reason", reason);
                }
            } else {
                rejected(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, before.id(), to, reason));
            }
        }

        @Test
        void theStatusTableIsTheOneOfTheContract() {
            assertThat(DeliveryStatus.PENDING.allowedNext()).containsExactlyInAnyOrder(DeliveryStatus.DELIVERED,
                    DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED);
            assertThat(DeliveryStatus.DELIVERED.allowedNext()).containsExactlyInAnyOrder(DeliveryStatus.OPENED,
                    DeliveryStatus.BOUNCED, DeliveryStatus.FAILED);
            assertThat(DeliveryStatus.OPENED.allowedNext()).isEmpty();
            assertThat(DeliveryStatus.BOUNCED.allowedNext()).isEmpty();
            assertThat(DeliveryStatus.FAILED.allowedNext()).isEmpty();
        }

        @Test
        void openedWithoutDeliveredRecordsDeliveredAtToo() {
            Recipient r = recipientIn(DeliveryStatus.PENDING);
            tick();
            Recipient opened = centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED);
            assertThat(opened.openedAt()).isEqualTo(now());
            assertThat(opened.deliveredAt()).isEqualTo(now());
        }

        @Test
        void timestampsAreNeverCleared() {
            Recipient delivered = recipientIn(DeliveryStatus.DELIVERED);
            Instant deliveredAt = delivered.deliveredAt();
            assertThat(deliveredAt).isNotNull();
            tick();
            Recipient bounced = centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.BOUNCED, "late bounce");
            assertThat(bounced.deliveredAt()).isEqualTo(deliveredAt);
            expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.DELIVERED));
            expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, delivered.id(), DeliveryStatus.PENDING));
            assertThat(recipientById(delivered.communicationId(), delivered.id())).isEqualTo(bounced);

            Recipient opened = recipientIn(DeliveryStatus.OPENED);
            assertThat(opened.deliveredAt()).isBefore(opened.openedAt());
            tick();
            expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, opened.id(), DeliveryStatus.DELIVERED));
            expectError(ErrorCode.CONFLICT, () -> centre.updateRecipientStatus(admin, opened.id(), DeliveryStatus.FAILED, "x"));
            assertThat(recipientById(opened.communicationId(), opened.id())).isEqualTo(opened);
        }

        @Test
        void bouncedOrFailedMayComeWithoutReason() {
            Recipient r = recipientIn(DeliveryStatus.PENDING);
            assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.BOUNCED).failureReason()).isNull();
        }

        @Test
        void theSameStatusAgainKeepsTheFirstReason() {
            Recipient bounced = recipientIn(DeliveryStatus.BOUNCED);
            tick();
            State before = state();
            assertThat(centre.updateRecipientStatus(admin, bounced.id(), DeliveryStatus.BOUNCED, "another reason")).isEqualTo(bounced);
            assertThat(centre.updateRecipientStatus(admin, bounced.id(), DeliveryStatus.BOUNCED)).isEqualTo(bounced);
            assertThat(state()).isEqualTo(before);
        }

        @ParameterizedTest
        @EnumSource(value = CommunicationStatus.class, names = {"SENT", "FAILED", "SCHEDULED"})
        void trackingGoesOnWhateverTheCommunicationsStatus(CommunicationStatus status) {
            Communication c = inState(status);
            Recipient r = recipient(c.id(), "a2");
            tick();
            assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.DELIVERED).deliveryStatus())
                    .isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED).deliveryStatus())
                    .isEqualTo(DeliveryStatus.OPENED);
            assertThat(current(c.id())).as("the communication itself does not change").isEqualTo(c);
            assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        }

        @Test
        void unknownRecipientIsNotFound() {
            rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, UUID.randomUUID(), DeliveryStatus.DELIVERED));
            Communication c = draft();
            rejected(ErrorCode.NOT_FOUND, () -> centre.updateRecipientStatus(admin, c.id(), DeliveryStatus.DELIVERED));
        }
    }

    // ---- getById --------------------------------------------------------------------------------

    @Nested
    class Details {

        @Test
        void getByIdCountsRecipientsPerStatusAndThoseWithoutEmail() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3", "a4", "b1", "b2"));
            centre.updateRecipientStatus(admin, recipient(c.id(), "a1").id(), DeliveryStatus.DELIVERED);
            centre.updateRecipientStatus(admin, recipient(c.id(), "a2").id(), DeliveryStatus.OPENED);
            centre.updateRecipientStatus(admin, recipient(c.id(), "b1").id(), DeliveryStatus.BOUNCED, "full");
            centre.updateRecipientStatus(admin, recipient(c.id(), "b2").id(), DeliveryStatus.DELIVERED);
            CommunicationDetails d = centre.getById(member, c.id());
            assertThat(d.communication()).isEqualTo(current(c.id()));
            assertThat(d.recipientCount()).isEqualTo(6);
            assertThat(d.deliveryCounts()).containsEntry(DeliveryStatus.PENDING, 2L).containsEntry(DeliveryStatus.DELIVERED, 2L)
                    .containsEntry(DeliveryStatus.OPENED, 1L).containsEntry(DeliveryStatus.BOUNCED, 1L)
                    .containsEntry(DeliveryStatus.FAILED, 0L);
            assertThat(d.recipientsWithoutEmail()).isEqualTo(2);
        }

        @Test
        void aCommunicationWithoutRecipientsHasZeroCounts() {
            CommunicationDetails d = centre.getById(admin, draft().id());
            assertThat(d.recipientCount()).isZero();
            assertThat(d.deliveryCounts().values()).containsOnly(0L);
            assertThat(d.recipientsWithoutEmail()).isZero();
        }

        @Test
        void unknownCommunicationIsNotFound() {
            expectError(ErrorCode.NOT_FOUND, () -> centre.getById(admin, UUID.randomUUID()));
        }
    }

    // ---- access ---------------------------------------------------------------------------------

    @Nested
    class Access {

        @Test
        void membersMayReadEverything() {
            Communication c = inState(CommunicationStatus.SENT);
            assertThat(centre.list(member, CommunicationFilter.all(), PageRequest.first()))
                    .isEqualTo(centre.list(admin, CommunicationFilter.all(), PageRequest.first()));
            assertThat(centre.count(member, CommunicationFilter.all())).isEqualTo(1);
            assertThat(centre.getById(member, c.id())).isEqualTo(centre.getById(admin, c.id()));
            assertThat(centre.listRecipients(member, c.id(), RecipientFilter.all(), PageRequest.first()).items())
                    .isEqualTo(recipients(c.id()));
            assertThat(centre.auditTrail(member, c.id())).isEqualTo(trail(c.id()));
            AuditVerification v = centre.verifyAuditTrail(member);
            assertThat(v.intact()).isTrue();
            assertThat(v.eventsChecked()).isEqualTo(3);
        }

        @TestFactory
        Stream<DynamicTest> membersMayNotWriteAndNothingChanges() {
            Communication c = inState(CommunicationStatus.DRAFT);
            Recipient r = recipients(c.id()).get(0);
            Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
            calls.put("create", () -> centre.create(member, notice("By a member").build()));
            calls.put("create with invalid input", () -> centre.create(member, notice(chars(501)).notes(chars(10_001)).build()));
            calls.put("create without type", () -> centre.create(member, NewCommunication.builder(null, null).build()));
            writesOnExisting().forEach((name, call) -> calls.put(name, call.on(member, c.id(), r.id())));
            writesOnExisting().forEach((name, call) -> calls.put(name + " of an unknown id",
                    call.on(member, UUID.randomUUID(), UUID.randomUUID())));
            calls.put("update with invalid input", () -> centre.update(member, c.id(), CommunicationChanges.builder().subject("").build()));
            calls.put("addRecipients with no ids", () -> centre.addRecipients(member, c.id(), List.of()));
            return calls.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(),
                    () -> rejected(ErrorCode.FORBIDDEN, entry.getValue())));
        }

        @TestFactory
        Stream<DynamicTest> anotherOrganisationGetsNotFoundForEveryCallAndLearnsNothing() {
            Communication c = inState(CommunicationStatus.DRAFT);
            Recipient r = recipients(c.id()).get(0);
            Communication sent = inState(CommunicationStatus.SENT);
            Recipient sentRecipient = recipients(sent.id()).get(0);
            centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).build());
            List<DynamicTest> tests = new ArrayList<>();
            Map<String, CallOn> all = new LinkedHashMap<>(writesOnExisting());
            all.putAll(readsOnExisting());
            for (Caller stranger : List.of(otherAdmin, otherMember)) {
                all.forEach((name, call) -> {
                    boolean write = writesOnExisting().containsKey(name);
                    if (write && !stranger.isAdmin()) {
                        return;
                    }
                    for (Communication target : List.of(c, sent)) {
                        UUID recipientId = target == c ? r.id() : sentRecipient.id();
                        tests.add(DynamicTest.dynamicTest(name + " by " + stranger.role().wireName() + " of another organisation on a "
                                + target.status().wireName() + " communication", () -> {
                            CommunicationCentreException foreign = rejected(ErrorCode.NOT_FOUND, call.on(stranger, target.id(), recipientId));
                            UUID unknownId = UUID.randomUUID();
                            UUID unknownRecipient = UUID.randomUUID();
                            CommunicationCentreException unknown = expectError(ErrorCode.NOT_FOUND,
                                    call.on(stranger, unknownId, unknownRecipient));
                            String foreignMessage = String.valueOf(foreign.getMessage())
                                    .replace(target.id().toString(), "<id>").replace(recipientId.toString(), "<id>");
                            String unknownMessage = String.valueOf(unknown.getMessage())
                                    .replace(unknownId.toString(), "<id>").replace(unknownRecipient.toString(), "<id>");
                            assertThat(foreignMessage).as("the message does not reveal that it exists elsewhere").isEqualTo(unknownMessage);
                            assertThat(foreignMessage).doesNotContain(org);
                        }));
                    }
                });
            }
            return tests.stream();
        }

        @Test
        void listingCountingAndVerifyingNeverShowAnotherOrganisation() {
            Communication ours = inState(CommunicationStatus.SENT);
            Communication theirs = centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).build());
            assertThat(listAll(otherAdmin, CommunicationFilter.all(), 100)).extracting(Communication::id).containsExactly(theirs.id());
            assertThat(listAll(otherMember, CommunicationFilter.builder().blockId(BLOCK_A).build(), 100))
                    .extracting(Communication::id).containsExactly(theirs.id());
            assertThat(listAll(admin, CommunicationFilter.builder().blockId(BLOCK_A).build(), 100))
                    .extracting(Communication::id).containsExactly(ours.id());
            assertThat(centre.count(otherAdmin, CommunicationFilter.all())).isEqualTo(1);
            assertThat(centre.count(otherAdmin, CommunicationFilter.builder().status(CommunicationStatus.SENT).build())).isZero();
            assertThat(centre.verifyAuditTrail(otherAdmin).eventsChecked()).isEqualTo(1);
            assertThat(centre.verifyAuditTrail(admin).eventsChecked()).isEqualTo(3);
            String fresh = "org-" + UUID.randomUUID();
            assertThat(centre.count(Caller.member(fresh, "m"), CommunicationFilter.all())).isZero();
            assertThat(centre.list(Caller.member(fresh, "m"), CommunicationFilter.all(), PageRequest.first()).items()).isEmpty();
            AuditVerification empty = centre.verifyAuditTrail(Caller.member(fresh, "m"));
            assertThat(empty.intact()).isTrue();
            assertThat(empty.eventsChecked()).isZero();
            assertThat(empty.firstBrokenSequence()).isEmpty();
        }

        @Test
        void eachOrganisationHasItsOwnChain() {
            inState(CommunicationStatus.SENT);
            Communication theirs = centre.create(otherAdmin, notice("Theirs").build());
            AuditEvent first = centre.auditTrail(otherAdmin, theirs.id()).get(0);
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(first.previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
            assertThat(first.organisationId()).isEqualTo(otherOrg);
        }
    }

    // ---- errors ---------------------------------------------------------------------------------

    @Nested
    class Errors {

        @TestFactory
        Stream<DynamicTest> nullArgumentsAreBadRequestsNamingTheParameter() {
            Communication c = inState(CommunicationStatus.DRAFT);
            Recipient r = recipients(c.id()).get(0);
            Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
            Map<String, String> parameter = new LinkedHashMap<>();
            BadCall add = (name, param, call) -> {
                calls.put(name, call);
                parameter.put(name, param);
            };
            CommunicationChanges changes = CommunicationChanges.builder().notes("n").build();
            add.put("list caller", "caller", () -> centre.list(null, CommunicationFilter.all(), PageRequest.first()));
            add.put("list filter", "filter", () -> centre.list(admin, null, PageRequest.first()));
            add.put("list page", "page", () -> centre.list(admin, CommunicationFilter.all(), null));
            add.put("count caller", "caller", () -> centre.count(null, CommunicationFilter.all()));
            add.put("count filter", "filter", () -> centre.count(admin, null));
            add.put("getById caller", "caller", () -> centre.getById(null, c.id()));
            add.put("getById id", "communicationId", () -> centre.getById(admin, null));
            add.put("create caller", "caller", () -> centre.create(null, notice("x").build()));
            add.put("create input", "input", () -> centre.create(admin, null));
            add.put("update caller", "caller", () -> centre.update(null, c.id(), changes));
            add.put("update id", "communicationId", () -> centre.update(admin, null, changes));
            add.put("update changes", "changes", () -> centre.update(admin, c.id(), null));
            add.put("markSent caller", "caller", () -> centre.markSent(null, c.id()));
            add.put("markSent id", "communicationId", () -> centre.markSent(admin, null));
            add.put("markFailed caller", "caller", () -> centre.markFailed(null, c.id(), "r"));
            add.put("markFailed id", "communicationId", () -> centre.markFailed(admin, null, "r"));
            add.put("delete caller", "caller", () -> centre.delete(null, c.id()));
            add.put("delete id", "communicationId", () -> centre.delete(admin, null));
            add.put("duplicate caller", "caller", () -> centre.duplicate(null, c.id(), true));
            add.put("duplicate id", "communicationId", () -> centre.duplicate(admin, null, true));
            add.put("addRecipients caller", "caller", () -> centre.addRecipients(null, c.id(), List.of("a4")));
            add.put("addRecipients id", "communicationId", () -> centre.addRecipients(admin, null, List.of("a4")));
            add.put("addRecipients unitIds", "unitIds", () -> centre.addRecipients(admin, c.id(), null));
            add.put("addRecipients null element", "unitIds", () -> centre.addRecipients(admin, c.id(), Arrays.asList("a4", null)));
            add.put("addBlockRecipients caller", "caller", () -> centre.addBlockRecipients(null, c.id()));
            add.put("addBlockRecipients id", "communicationId", () -> centre.addBlockRecipients(admin, null));
            add.put("listRecipients caller", "caller", () -> centre.listRecipients(null, c.id(), RecipientFilter.all(), PageRequest.first()));
            add.put("listRecipients id", "communicationId", () -> centre.listRecipients(admin, null, RecipientFilter.all(), PageRequest.first()));
            add.put("listRecipients filter", "filter", () -> centre.listRecipients(admin, c.id(), null, PageRequest.first()));
            add.put("listRecipients page", "page", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), null));
            add.put("updateRecipientStatus caller", "caller", () -> centre.updateRecipientStatus(null, r.id(), DeliveryStatus.DELIVERED));
            add.put("updateRecipientStatus id", "recipientId", () -> centre.updateRecipientStatus(admin, null, DeliveryStatus.DELIVERED));
            // the interface calls it status, the record field and the seed's API deliveryStatus: either names it
            add.put("updateRecipientStatus status", "tatus", () -> centre.updateRecipientStatus(admin, r.id(), null, null));
            add.put("auditTrail caller", "caller", () -> centre.auditTrail(null, c.id()));
            add.put("auditTrail id", "communicationId", () -> centre.auditTrail(admin, null));
            add.put("verifyAuditTrail caller", "caller", () -> centre.verifyAuditTrail(null));
            return calls.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, entry.getValue());
                assertThat(e.getMessage()).as("names the parameter").contains(parameter.get(entry.getKey()));
            }));
        }

        @Test
        void aFailingDirectoryIsUnavailableWithTheCauseAttachedAndStoresNothing() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a2"));
            IllegalStateException down = new IllegalStateException("directory down");
            directory.failWith(down);
            for (ThrowingCallable call : List.<ThrowingCallable>of(
                    () -> centre.create(admin, notice("Scoped").blockId(BLOCK_A).build()),
                    () -> centre.create(admin, notice("Scoped").unitId("a1").build()),
                    () -> centre.addRecipients(admin, c.id(), List.of("a1")),
                    () -> centre.addBlockRecipients(admin, c.id()),
                    () -> centre.duplicate(admin, c.id(), true))) {
                CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, call);
                assertThat(causes(e)).contains(down);
            }
            directory.failWith(null);
            assertThat(centre.addRecipients(admin, c.id(), List.of("a1")).added()).isEqualTo(1);
        }

        @Test
        void aStoreFailureInTheMiddleOfACallLeavesNothingBehind() {
            Communication draft = draft();
            centre.addRecipients(admin, draft.id(), List.of("a1", "a2"));
            Recipient r = recipient(draft.id(), "a1");
            Communication scheduled = scheduled();
            for (String failingMethod : List.of("appendAuditEvents", "tryLockAuditChain")) {
                CommunicationCentre failing = centreOver(failingStore(failingMethod, () ->
                        CommunicationCentreException.unavailable("injected store failure", new IllegalStateException("disk full"))));
                List<ThrowingCallable> calls = List.of(
                        () -> failing.create(admin, notice("Never stored").blockId(BLOCK_A).build()),
                        () -> failing.update(admin, draft.id(), CommunicationChanges.builder().subject("Never").notes("never").build()),
                        () -> failing.update(admin, scheduled.id(), CommunicationChanges.builder().scheduledAt(null).build()),
                        () -> failing.addRecipients(admin, draft.id(), List.of("a3", "a4")),
                        () -> failing.addBlockRecipients(admin, draft.id()),
                        () -> failing.markSent(admin, draft.id()),
                        () -> failing.markFailed(admin, draft.id(), "never"),
                        () -> failing.delete(admin, draft.id()),
                        () -> failing.duplicate(admin, draft.id(), true),
                        () -> failing.updateRecipientStatus(admin, r.id(), DeliveryStatus.OPENED));
                for (ThrowingCallable call : calls) {
                    rejected(ErrorCode.UNAVAILABLE, call);
                }
            }
            assertThat(centre.verifyAuditTrail(admin).intact()).isTrue();
        }

        @Test
        void anUnexpectedStoreExceptionReachesTheHostAsUnavailable() {
            Communication draft = draft();
            IllegalStateException raw = new IllegalStateException("connection reset");
            CommunicationCentre failing = centreOver(failingStore("appendAuditEvents", () -> raw));
            CommunicationCentreException e = rejected(ErrorCode.UNAVAILABLE, () -> failing.markSent(admin, draft.id()));
            assertThat(causes(e)).contains(raw);
            e = rejected(ErrorCode.UNAVAILABLE, () -> failing.create(admin, notice("x").build()));
            assertThat(causes(e)).contains(raw);
        }

        @Test
        void theBuilderRequiresAStoreAndADirectory() {
            Throwable noStore = catchThrowable(() -> CommunicationCentre.builder().directory(directory).build());
            assertThat(noStore).isInstanceOf(IllegalStateException.class).hasMessageContaining("CommunicationStore");
            Throwable noDirectory = catchThrowable(() -> CommunicationCentre.builder().store(store).build());
            assertThat(noDirectory).isInstanceOf(IllegalStateException.class).hasMessageContaining("PropertyDirectory");
        }

        private List<Throwable> causes(Throwable t) {
            List<Throwable> chain = new ArrayList<>();
            for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
                chain.add(c);
            }
            return chain;
        }
    }

    /** Collects one bad call with the parameter its message must name. */
    @FunctionalInterface
    private interface BadCall {
        void put(String name, String parameter, ThrowingCallable call);
    }

    /**
     * A store that works like the real one, except that {@code method} of its transactions throws: the real store
     * must roll back everything the call did before.
     */
    protected CommunicationStore failingStore(String method, java.util.function.Supplier<RuntimeException> failure) {
        CommunicationStore real = store;
        return new CommunicationStore() {
            @Override
            public <T> T write(String organisationId, StoreWork<T> work) {
                return real.write(organisationId, tx -> work.execute(failingOn(tx, method, failure)));
            }

            @Override
            public <T> T read(String organisationId, StoreWork<T> work) {
                return real.read(organisationId, work);
            }

            @Override
            public <T> T writeDetached(String organisationId, StoreWork<T> work) {
                return real.writeDetached(organisationId, tx -> work.execute(failingOn(tx, method, failure)));
            }

            @Override
            public <T> T readDetached(String organisationId, StoreWork<T> work) {
                return real.readDetached(organisationId, work);
            }

            @Override
            public java.util.List<String> organisationsWithPendingAuditEvents(int limit) {
                return real.organisationsWithPendingAuditEvents(limit);
            }
        };
    }

    private static StoreTransaction failingOn(StoreTransaction tx, String method, java.util.function.Supplier<RuntimeException> failure) {
        return (StoreTransaction) Proxy.newProxyInstance(StoreTransaction.class.getClassLoader(),
                new Class<?>[]{StoreTransaction.class}, (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        throw failure.get();
                    }
                    try {
                        return m.invoke(tx, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    // ---- listing --------------------------------------------------------------------------------

    @Nested
    class Listing {

        private Communication make(CommunicationType type, String block, String unit, CommunicationStatus status) {
            tick();
            NewCommunication.Builder b = NewCommunication.builder(type, type.wireName() + " " + block + " " + unit + " " + status)
                    .blockId(block).unitId(unit);
            if (status == CommunicationStatus.SCHEDULED) {
                b.scheduledAt(now().plus(Duration.ofDays(30)));
            }
            Communication c = create(b.build());
            if (status == CommunicationStatus.SENT || status == CommunicationStatus.FAILED) {
                centre.addRecipients(admin, c.id(), List.of("a1"));
                return status == CommunicationStatus.SENT ? centre.markSent(admin, c.id()) : centre.markFailed(admin, c.id(), "x");
            }
            return c;
        }

        /** Communications of every kind; one deleted and one of the other organisation that must never show. */
        private List<Communication> dataset() {
            List<Communication> all = new ArrayList<>();
            all.add(make(CommunicationType.NOTICE, BLOCK_A, null, CommunicationStatus.DRAFT));
            all.add(make(CommunicationType.CIRCULAR, BLOCK_A, "a1", CommunicationStatus.SCHEDULED));
            all.add(make(CommunicationType.NOTICE, BLOCK_B, "b1", CommunicationStatus.SENT));
            all.add(make(CommunicationType.DEMAND_LETTER, null, "a2", CommunicationStatus.FAILED));
            all.add(make(CommunicationType.AGM_NOTICE, null, null, CommunicationStatus.DRAFT));
            all.add(make(CommunicationType.NOTICE, BLOCK_A, "a1", CommunicationStatus.SENT));
            all.add(make(CommunicationType.CIRCULAR, BLOCK_B, null, CommunicationStatus.FAILED));
            all.add(make(CommunicationType.NOTICE, BLOCK_A, null, CommunicationStatus.SCHEDULED));
            all.add(make(CommunicationType.CIRCULAR, BLOCK_A, "a2", CommunicationStatus.DRAFT));
            all.add(make(CommunicationType.NOTICE, BLOCK_B, "b1", CommunicationStatus.DRAFT));
            all.add(make(CommunicationType.NOTICE, null, "b1", CommunicationStatus.SCHEDULED));
            Communication gone = make(CommunicationType.NOTICE, BLOCK_A, "a1", CommunicationStatus.DRAFT);
            centre.delete(admin, gone.id());
            centre.create(otherAdmin, notice("Theirs").blockId(BLOCK_A).unitId("x1").build());
            return all;
        }

        private boolean matches(Communication c, CommunicationFilter f) {
            return (f.blockId() == null || f.blockId().equals(c.blockId()))
                    && (f.unitId() == null || f.unitId().equals(c.unitId()))
                    && (f.communicationType() == null || f.communicationType() == c.communicationType())
                    && (f.status() == null || f.status() == c.status());
        }

        @Test
        void filtersWorkInEveryCombination() {
            List<Communication> all = dataset();
            List<String> blocks = Arrays.asList(null, BLOCK_A, BLOCK_B);
            List<String> units = Arrays.asList(null, "a1", "a2", "b1");
            List<CommunicationType> types = Arrays.asList(null, CommunicationType.NOTICE, CommunicationType.CIRCULAR,
                    CommunicationType.DEMAND_LETTER, CommunicationType.AGM_NOTICE);
            List<CommunicationStatus> statuses = new ArrayList<>(Arrays.asList(CommunicationStatus.values()));
            statuses.add(0, null);
            int nonEmpty = 0;
            for (String block : blocks) {
                for (String unit : units) {
                    for (CommunicationType type : types) {
                        for (CommunicationStatus status : statuses) {
                            CommunicationFilter f = CommunicationFilter.builder().blockId(block).unitId(unit)
                                    .communicationType(type).status(status).build();
                            List<UUID> expected = all.stream().filter(c -> matches(c, f)).sorted(NEWEST_FIRST)
                                    .map(Communication::id).collect(Collectors.toList());
                            nonEmpty += expected.isEmpty() ? 0 : 1;
                            assertThat(centre.list(admin, f, PageRequest.first(100)).items()).as("list %s", f)
                                    .extracting(Communication::id).containsExactlyElementsOf(expected);
                            assertThat(centre.count(member, f)).as("count %s", f).isEqualTo(expected.size());
                        }
                    }
                }
            }
            assertThat(nonEmpty).as("the data set exercises the filters").isGreaterThan(40);
            CommunicationFilter f = CommunicationFilter.builder().blockId(BLOCK_A).status(CommunicationStatus.SENT).build();
            assertThat(listAll(admin, f, 1)).extracting(Communication::id).containsExactly(all.get(5).id());
            assertThat(listAll(admin, CommunicationFilter.all(), 3)).extracting(Communication::id)
                    .containsExactlyElementsOf(all.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList()));
        }

        @Test
        void listedCommunicationsAreAsStored() {
            List<Communication> all = dataset();
            Map<UUID, Communication> listed = listAll(admin, CommunicationFilter.all(), 100).stream()
                    .collect(Collectors.toMap(Communication::id, Function.identity()));
            for (Communication c : all) {
                assertThat(listed.get(c.id())).isEqualTo(current(c.id())).isEqualTo(c);
            }
        }

        @Test
        void newestFirstWithTheIdBreakingTies() {
            List<Communication> created = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tick();
                created.add(create(notice("Tick " + i).build()));
            }
            for (int i = 0; i < 5; i++) {
                created.add(create(notice("Same instant " + i).build()));
            }
            clock.set(START.minus(Duration.ofDays(1)));
            created.add(create(notice("Created earlier by the clock").build()));
            List<UUID> expected = created.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList());
            assertThat(expected.get(expected.size() - 1)).isEqualTo(created.get(created.size() - 1).id());
            for (int limit : new int[]{1, 2, 3, 100}) {
                assertThat(listAll(admin, CommunicationFilter.all(), limit)).extracting(Communication::id)
                        .as("limit %d", limit).containsExactlyElementsOf(expected);
            }
        }

        @Test
        void keysetPagingVisitsEveryRecordOnceEvenWhenPagesAreFull() {
            List<UUID> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tick();
                expected.add(create(notice("Letter " + i).build()).id());
            }
            Collections.reverse(expected);
            Page<Communication> p1 = centre.list(admin, CommunicationFilter.all(), PageRequest.first(5));
            assertThat(p1.hasNext()).isTrue();
            Page<Communication> p2 = centre.list(admin, CommunicationFilter.all(), PageRequest.after(p1.nextCursor(), 5));
            assertThat(p2.items()).hasSize(5);
            assertThat(p2.hasNext()).as("exactly two full pages: no empty third page").isFalse();
            assertThat(p2.nextCursor()).isNull();
            List<UUID> seen = Stream.concat(p1.items().stream(), p2.items().stream()).map(Communication::id).collect(Collectors.toList());
            assertThat(seen).containsExactlyElementsOf(expected);
            Page<Communication> mixed = centre.list(admin, CommunicationFilter.all(), PageRequest.after(p1.nextCursor(), 2));
            assertThat(mixed.items()).extracting(Communication::id).containsExactlyElementsOf(expected.subList(5, 7));
            Page<Communication> onePage = centre.list(admin, CommunicationFilter.all(), PageRequest.first(10));
            assertThat(onePage.hasNext()).isFalse();
            assertThat(onePage.nextCursor()).isNull();
        }

        @Test
        void pagingWhileOthersInsertNeverRepeatsOrSkipsARecord() throws Exception {
            List<Communication> existing = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                if (i % 4 != 0) {
                    tick();
                }
                existing.add(create(notice("Existing " + i).build()));
            }
            List<UUID> expected = existing.stream().sorted(NEWEST_FIRST).map(Communication::id).collect(Collectors.toList());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
                Future<Integer> inserted = writer.submit(() -> {
                    int n = 0;
                    while (!stop.get() && n < 200) {
                        centre.create(admin, notice("Concurrent " + n++).build());
                        writing.countDown();
                    }
                    return n;
                });
                assertThat(writing.await(1, TimeUnit.MINUTES)).as("the concurrent writer started").isTrue();
                List<UUID> seen = new ArrayList<>();
                Page<Communication> page = centre.list(admin, CommunicationFilter.all(), PageRequest.first(4));
                while (true) {
                    page.items().forEach(c -> seen.add(c.id()));
                    create(notice("Inserted between pages").build());
                    tick();
                    if (!page.hasNext()) {
                        break;
                    }
                    page = centre.list(admin, CommunicationFilter.all(), PageRequest.after(page.nextCursor(), 4));
                }
                stop.set(true);
                assertThat(inserted.get(2, TimeUnit.MINUTES)).isPositive();
                assertThat(seen).doesNotHaveDuplicates();
                assertThat(seen.stream().filter(expected::contains).collect(Collectors.toList()))
                        .as("every record that existed when paging began, once, in order").containsExactlyElementsOf(expected);
            } finally {
                stop.set(true);
                writer.shutdownNow();
            }
        }

        @Test
        void limitMustBeFromOneToOneHundred() {
            for (int i = 0; i < 101; i++) {
                create(notice("Letter " + i).build());
            }
            for (int bad : new int[]{0, -1, 101, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                        () -> centre.list(admin, CommunicationFilter.all(), PageRequest.first(bad)));
                assertThat(e.getMessage()).contains("limit");
            }
            assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(1)).items()).hasSize(1);
            assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first(100)).items()).hasSize(100);
            assertThat(centre.list(admin, CommunicationFilter.all(), PageRequest.first()).items()).hasSize(25);
            String cursor = centre.list(admin, CommunicationFilter.all(), PageRequest.first(1)).nextCursor();
            CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                    () -> centre.list(admin, CommunicationFilter.all(), PageRequest.after(cursor, 101)));
            assertThat(e.getMessage()).contains("limit");
            assertThat(listAll(admin, CommunicationFilter.all(), 100)).hasSize(101);
        }

        @Test
        void malformedTamperedOrForeignCursorsAreRejected() {
            for (int i = 0; i < 6; i++) {
                tick();
                create(notice("Letter " + i).blockId(BLOCK_A).build());
                centre.create(otherAdmin, notice("Theirs " + i).blockId(BLOCK_A).build());
            }
            Communication withRecipients = draft();
            centre.addRecipients(admin, withRecipients.id(), List.of("a1", "a2", "a3"));
            CommunicationFilter all = CommunicationFilter.all();
            CommunicationFilter blockA = CommunicationFilter.builder().blockId(BLOCK_A).build();
            String cursor = centre.list(admin, all, PageRequest.first(2)).nextCursor();
            String blockCursor = centre.list(admin, blockA, PageRequest.first(2)).nextCursor();
            String theirCursor = centre.list(otherAdmin, all, PageRequest.first(2)).nextCursor();
            String recipientCursor = centre.listRecipients(admin, withRecipients.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
            assertThat(List.of(cursor, blockCursor, theirCursor, recipientCursor)).doesNotContainNull();

            Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
            List<String> garbage = List.of("", " ", "not-a-cursor", "%%%", "eyJ9", "A".repeat(10_000), cursor + "x",
                    cursor.substring(0, cursor.length() - 2), "nul\u0000cursor", "\uD800");
            for (int i = 0; i < garbage.size(); i++) {
                String g = garbage.get(i);
                bad.put("malformed #" + i, () -> centre.list(admin, all, PageRequest.after(g, 2)));
            }
            bad.put("tampered", () -> centre.list(admin, all, PageRequest.after(tamperedCursor(cursor), 2)));
            bad.put("from another organisation", () -> centre.list(admin, all, PageRequest.after(theirCursor, 2)));
            bad.put("used by another organisation", () -> centre.list(otherAdmin, all, PageRequest.after(cursor, 2)));
            bad.put("from another filter", () -> centre.list(admin, all, PageRequest.after(blockCursor, 2)));
            bad.put("with another filter", () -> centre.list(admin, blockA, PageRequest.after(cursor, 2)));
            bad.put("with a narrower filter", () -> centre.list(admin, CommunicationFilter.builder().blockId(BLOCK_A)
                    .status(CommunicationStatus.DRAFT).build(), PageRequest.after(blockCursor, 2)));
            bad.put("from listRecipients", () -> centre.list(admin, all, PageRequest.after(recipientCursor, 2)));
            bad.put("into listRecipients", () -> centre.listRecipients(admin, withRecipients.id(), RecipientFilter.all(),
                    PageRequest.after(cursor, 2)));
            bad.forEach((name, call) -> {
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
                assertThat(e.getMessage()).as(name).contains("cursor");
            });
            assertThat(centre.list(admin, all, PageRequest.after(cursor, 2)).items()).hasSize(2);
        }

        @Test
        void countFollowsWritesAndDeletes() {
            assertThat(centre.count(admin, CommunicationFilter.all())).isZero();
            Communication a = draft();
            Communication b = draft();
            CommunicationFilter sent = CommunicationFilter.builder().status(CommunicationStatus.SENT).build();
            assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(2);
            centre.markSent(admin, a.id());
            assertThat(centre.count(admin, sent)).isEqualTo(1);
            centre.delete(admin, b.id());
            assertThat(centre.count(admin, CommunicationFilter.all())).isEqualTo(1);
            assertThat(centre.count(admin, CommunicationFilter.builder().status(CommunicationStatus.DRAFT).build())).isZero();
        }
    }

    // ---- listing recipients ---------------------------------------------------------------------

    @Nested
    class ListingRecipients {

        @Test
        void recipientsComeInTheOrderTheyWereAddedFilteredAndPaged() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("b2", "a3"));
            centre.addRecipients(admin, c.id(), List.of("a1", "a4", "b1", "a2"));
            centre.updateRecipientStatus(admin, recipient(c.id(), "a3").id(), DeliveryStatus.DELIVERED);
            centre.updateRecipientStatus(admin, recipient(c.id(), "b1").id(), DeliveryStatus.DELIVERED);
            centre.updateRecipientStatus(admin, recipient(c.id(), "a2").id(), DeliveryStatus.BOUNCED, "full");
            centre.updateRecipientStatus(admin, recipient(c.id(), "b2").id(), DeliveryStatus.DELIVERED);
            List<String> order = List.of("b2", "a3", "a1", "a4", "b1", "a2");
            for (int limit : new int[]{1, 2, 4, 6, 100}) {
                assertThat(recipients(member, c.id(), RecipientFilter.all(), limit)).extracting(Recipient::unitId)
                        .as("limit %d", limit).containsExactlyElementsOf(order);
                assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.DELIVERED), limit))
                        .extracting(Recipient::unitId).containsExactly("b2", "a3", "b1");
                assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING), limit))
                        .extracting(Recipient::unitId).containsExactly("a1", "a4");
                assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.BOUNCED), limit))
                        .extracting(Recipient::unitId).containsExactly("a2");
                assertThat(recipients(member, c.id(), RecipientFilter.byStatus(DeliveryStatus.OPENED), limit)).isEmpty();
            }
            assertThat(recipients(c.id())).extracting(Recipient::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()).items()).hasSize(6);
        }

        @Test
        void pagingRecipientsWhileOthersAreAddedNeverRepeatsOrSkips() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
            Page<Recipient> first = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(2));
            centre.addRecipients(admin, c.id(), List.of("a4", "b1"));
            Page<Recipient> second = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after(first.nextCursor(), 2));
            assertThat(Stream.concat(first.items().stream(), second.items().stream())).extracting(Recipient::unitId)
                    .containsExactly("a1", "a2", "a3", "a4");
        }

        @Test
        void limitAndCursorRulesApplyToRecipientsToo() {
            Communication c = draft();
            Communication d = draft();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2", "a3"));
            centre.addRecipients(admin, d.id(), List.of("a1", "a2", "a3"));
            for (int bad : new int[]{0, -5, 101}) {
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST,
                        () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(bad)));
                assertThat(e.getMessage()).contains("limit");
            }
            String cursor = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(1)).nextCursor();
            Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
            bad.put("malformed", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after("nope", 1)));
            bad.put("tampered", () -> centre.listRecipients(admin, c.id(), RecipientFilter.all(),
                    PageRequest.after(tamperedCursor(cursor), 1)));
            bad.put("of another communication", () -> centre.listRecipients(admin, d.id(), RecipientFilter.all(),
                    PageRequest.after(cursor, 1)));
            bad.put("of another filter", () -> centre.listRecipients(admin, c.id(), RecipientFilter.byStatus(DeliveryStatus.PENDING),
                    PageRequest.after(cursor, 1)));
            bad.forEach((name, call) -> {
                CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
                assertThat(e.getMessage()).as(name).contains("cursor");
            });
            assertThat(centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.after(cursor, 5)).items())
                    .extracting(Recipient::unitId).containsExactly("a2", "a3");
        }
    }

    // ---- audit trail ----------------------------------------------------------------------------

    @Nested
    class AuditTrail {

        @Test
        void everyWriteAppendsItsEventsWithActorAndInstant() {
            Caller second = Caller.admin(org, "admin-2");
            tick();
            Instant t1 = now();
            Communication c = create(notice("Audited").bodyHtml("<p>x</p>").blockId(BLOCK_A).build());
            assertThat(trail(c.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED);
            assertEvent(trail(c.id()).get(0), AuditEventType.CREATED, c.id(), admin, t1);

            tick();
            Instant t2 = now();
            List<AuditEvent> updated = appendedBy(() -> centre.update(second, c.id(), CommunicationChanges.builder().subject("Audited!").build()));
            assertThat(updated).extracting(AuditEvent::type).containsExactly(AuditEventType.UPDATED);
            assertEvent(updated.get(0), AuditEventType.UPDATED, c.id(), second, t2);

            tick();
            Instant t3 = now();
            List<AuditEvent> added = appendedBy(() -> centre.addRecipients(admin, c.id(), List.of("a1", "a2")));
            assertThat(added).extracting(AuditEvent::type).containsExactly(AuditEventType.RECIPIENTS_ADDED);
            assertEvent(added.get(0), AuditEventType.RECIPIENTS_ADDED, c.id(), admin, t3);

            tick();
            Instant t4 = now();
            UUID a1 = recipient(c.id(), "a1").id();
            List<AuditEvent> status = appendedBy(() -> centre.updateRecipientStatus(second, a1, DeliveryStatus.DELIVERED));
            assertThat(status).extracting(AuditEvent::type).containsExactly(AuditEventType.RECIPIENT_STATUS_CHANGED);
            assertEvent(status.get(0), AuditEventType.RECIPIENT_STATUS_CHANGED, c.id(), second, t4);

            tick();
            Instant t5 = now();
            List<AuditEvent> sent = appendedBy(() -> centre.markSent(admin, c.id()));
            assertThat(sent).extracting(AuditEvent::type).containsExactly(AuditEventType.SENT);
            assertEvent(sent.get(0), AuditEventType.SENT, c.id(), admin, t5);

            tick();
            Instant t6 = now();
            List<AuditEvent> opened = appendedBy(() -> centre.updateRecipientStatus(admin, a1, DeliveryStatus.OPENED));
            assertEvent(opened.get(0), AuditEventType.RECIPIENT_STATUS_CHANGED, c.id(), admin, t6);

            tick();
            Instant t7 = now();
            List<AuditEvent> dup = appendedBy(() -> duplicate(c.id(), true));
            assertThat(dup).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED, AuditEventType.RECIPIENTS_ADDED);
            UUID copy = dup.get(0).communicationId();
            assertThat(copy).isNotEqualTo(c.id());
            dup.forEach(e -> assertEvent(e, e.type(), copy, admin, t7));

            tick();
            Instant t8 = now();
            List<AuditEvent> failed = appendedBy(() -> centre.markFailed(second, copy, "no stamps"));
            assertThat(failed).extracting(AuditEvent::type).containsExactly(AuditEventType.FAILED);
            assertEvent(failed.get(0), AuditEventType.FAILED, copy, second, t8);

            Communication third = duplicate(c.id(), false);
            tick();
            Instant t9 = now();
            List<AuditEvent> deleted = appendedBy(() -> centre.delete(admin, third.id()));
            assertThat(deleted).extracting(AuditEvent::type).containsExactly(AuditEventType.DELETED);
            assertEvent(deleted.get(0), AuditEventType.DELETED, third.id(), admin, t9);

            assertThat(trail(c.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED, AuditEventType.UPDATED,
                    AuditEventType.RECIPIENTS_ADDED, AuditEventType.RECIPIENT_STATUS_CHANGED, AuditEventType.SENT,
                    AuditEventType.RECIPIENT_STATUS_CHANGED);
            assertThat(trail(third.id())).extracting(AuditEvent::type).containsExactly(AuditEventType.DUPLICATED, AuditEventType.DELETED);
        }

        @Test
        void callsThatChangeNothingAppendNothing() {
            Communication c = draft();
            centre.addRecipients(admin, c.id(), List.of("a1"));
            Recipient r = recipient(c.id(), "a1");
            State before = state();
            centre.update(admin, c.id(), CommunicationChanges.builder().build());
            centre.update(admin, c.id(), CommunicationChanges.builder().subject(c.subject()).notes(c.notes()).build());
            centre.addRecipients(admin, c.id(), List.of("a1"));
            centre.updateRecipientStatus(admin, r.id(), DeliveryStatus.PENDING);
            centre.getById(admin, c.id());
            centre.list(admin, CommunicationFilter.all(), PageRequest.first());
            centre.count(admin, CommunicationFilter.all());
            centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first());
            centre.auditTrail(member, c.id());
            centre.verifyAuditTrail(member);
            assertThat(state()).isEqualTo(before);
        }

        @Test
        void theChainLinksEveryEventOfTheOrganisation() {
            inState(CommunicationStatus.SENT);
            inState(CommunicationStatus.FAILED);
            Communication s = inState(CommunicationStatus.SCHEDULED);
            centre.update(admin, s.id(), CommunicationChanges.builder().scheduledAt(null).build());
            duplicate(s.id(), true);
            centre.delete(admin, s.id());
            List<AuditEvent> chain = orgEvents();
            assertThat(chain).extracting(AuditEvent::sequence)
                    .containsExactlyElementsOf(LongStreamRange.closed(1, chain.size()));
            assertThat(chain.get(0).previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i).previousHash()).as("event %d links to %d", i + 1, i).isEqualTo(chain.get(i - 1).hash());
            }
            assertThat(chain).extracting(AuditEvent::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
            assertThat(chain).extracting(AuditEvent::id).doesNotHaveDuplicates().allMatch(CommunicationCentreBehaviourTest::isVersion7);
            assertThat(chain).allMatch(e -> e.organisationId().equals(org)).allMatch(e -> isMicros(e.occurredAt()));
            AuditVerification v = centre.verifyAuditTrail(member);
            assertThat(v.intact()).isTrue();
            assertThat(v.eventsChecked()).isEqualTo(chain.size());
            assertThat(v.firstBrokenSequence()).isEmpty();
            assertThat(v.problem()).isNull();
        }

        @Test
        void auditTrailIsOldestFirst() {
            Communication c = inState(CommunicationStatus.SENT);
            List<AuditEvent> events = trail(c.id());
            assertThat(events).extracting(AuditEvent::type)
                    .containsExactly(AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT);
            assertThat(events).extracting(AuditEvent::sequence).isSorted();
            assertThat(events).extracting(AuditEvent::occurredAt).isSorted();
            assertThat(events).allMatch(e -> e.communicationId().equals(c.id()));
        }

        @Test
        void auditTrailOfAnIdWithoutEventsIsNotFound() {
            expectError(ErrorCode.NOT_FOUND, () -> centre.auditTrail(admin, UUID.randomUUID()));
            expectError(ErrorCode.NOT_FOUND, () -> centre.auditTrail(member, UUID.randomUUID()));
        }

        @Test
        void unitIdsAreOnlyListedOnRecipientsAddedEvents() {
            Communication c = inState(CommunicationStatus.SENT);
            for (AuditEvent e : trail(c.id())) {
                if (e.type() == AuditEventType.RECIPIENTS_ADDED) {
                    assertThat(e.unitIds()).containsExactly("a1", "a2", "a3");
                    assertThat(e.details()).containsEntry("added", "3");
                } else {
                    assertThat(e.unitIds()).isEmpty();
                }
            }
        }
    }

    /** Closed ranges of longs, for expected sequences. */
    private static final class LongStreamRange {
        static List<Long> closed(long from, long to) {
            List<Long> all = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                all.add(i);
            }
            return all;
        }
    }

    // ---- tamper evidence ------------------------------------------------------------------------

    @Nested
    class TamperEvidence {

        private Communication sent;
        private Communication draftWithRecipient;
        private List<AuditEvent> chain;

        /** Events 1-4 belong to a sent communication, 5-6 to a draft; the other organisation has a chain too. */
        @BeforeEach
        void buildAChain() {
            Communication c = draft();
            tick();
            centre.update(admin, c.id(), CommunicationChanges.builder().subject("Section 20: roof and gutter works").build());
            tick();
            centre.addRecipients(admin, c.id(), List.of("a1", "a2"));
            tick();
            sent = centre.markSent(admin, c.id());
            draftWithRecipient = draft();
            tick();
            centre.addRecipients(admin, draftWithRecipient.id(), List.of("b1"));
            Communication theirs = centre.create(otherAdmin, notice("Theirs").build());
            centre.markSent(otherAdmin, theirs.id());
            chain = orgEvents();
            assertThat(chain).extracting(AuditEvent::type).containsExactly(AuditEventType.CREATED, AuditEventType.UPDATED,
                    AuditEventType.RECIPIENTS_ADDED, AuditEventType.SENT, AuditEventType.CREATED, AuditEventType.RECIPIENTS_ADDED);
            assertThat(chain).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            AuditVerification v = centre.verifyAuditTrail(admin);
            assertThat(v.intact()).isTrue();
            assertThat(v.eventsChecked()).isEqualTo(6);
        }

        /**
         * Runs the tampering and expects verification to break at {@code sequence}; when the store refused the edit
         * (a database trigger), expects the data untouched and the chain intact instead.
         */
        private void expectBrokenAt(long sequence, Runnable tamper) {
            List<AuditEvent> before = orgEvents();
            Communication sentBefore = current(sent.id());
            List<Recipient> recipientsBefore = recipients(sent.id());
            try {
                tamper.run();
            } catch (RuntimeException refused) {
                System.out.println("the store refused the tampering, so it must have changed nothing: " + refused);
                assertThat(orgEvents()).as("a refused edit changes nothing").isEqualTo(before);
                assertThat(current(sent.id())).isEqualTo(sentBefore);
                assertThat(recipients(sent.id())).isEqualTo(recipientsBefore);
                AuditVerification v = centre.verifyAuditTrail(admin);
                assertThat(v.intact()).isTrue();
                assertThat(v.eventsChecked()).isEqualTo(6);
                return;
            }
            AuditVerification v = centre.verifyAuditTrail(member);
            assertThat(v.intact()).as("tampering is detected").isFalse();
            assertThat(v.firstBrokenSequence()).as("first broken sequence (%s)", v.problem()).hasValue(sequence);
            assertThat(v.problem()).isNotBlank();
            assertThat(centre.verifyAuditTrail(otherAdmin).intact()).as("another organisation's chain is unaffected").isTrue();
        }

        @Test
        void anEditedDetailIsDetected() {
            String key = chain.get(1).details().containsKey("subject.new") ? "subject.new"
                    : chain.get(1).details().keySet().iterator().next();
            expectBrokenAt(2, () -> tampering().changeAuditEventDetail(org, 2, key, "Forged subject"));
        }

        @Test
        void anEditedDetailOfTheSentEventIsDetected() {
            expectBrokenAt(4, () -> tampering().changeAuditEventDetail(org, 4, "recipientCount", "1"));
        }

        @Test
        void anEditedDetailOfTheLastEventIsDetected() {
            expectBrokenAt(6, () -> tampering().changeAuditEventDetail(org, 6, "added", "7"));
        }

        @Test
        void aDeletedEventIsDetected() {
            expectBrokenAt(3, () -> tampering().deleteAuditEvent(org, 3));
        }

        @Test
        void aDeletedFirstEventIsDetected() {
            expectBrokenAt(1, () -> tampering().deleteAuditEvent(org, 1));
        }

        @Test
        void aDeletedLastEventIsDetected() {
            expectBrokenAt(6, () -> tampering().deleteAuditEvent(org, 6));
        }

        @Test
        void anInsertedCopyOfAnEventIsDetected() {
            AuditEvent copied = chain.get(2);
            AuditEvent last = chain.get(5);
            expectBrokenAt(7, () -> tampering().insertAuditEvent(new AuditEvent(UUID.randomUUID(), org, 7,
                    copied.communicationId(), copied.recipientId(), copied.type(), copied.actorUserId(), copied.occurredAt(),
                    copied.details(), copied.unitIds(), last.hash(), copied.hash())));
        }

        @Test
        void anInsertedForgedEventIsDetected() {
            AuditEvent last = chain.get(5);
            expectBrokenAt(7, () -> tampering().insertAuditEvent(new AuditEvent(UUID.randomUUID(), org, 7,
                    sent.id(), null, AuditEventType.UPDATED, "admin-1", last.occurredAt().plusSeconds(1),
                    Map.of("changedFields", "subject", "subject.old", sent.subject(), "subject.new", "Forged"), List.of(),
                    last.hash(), sha256("forged"))));
        }

        @Test
        void swappedEventsAreDetected() {
            expectBrokenAt(2, () -> tampering().swapAuditEvents(org, 2, 3));
        }

        @Test
        void swappedEventsOfDifferentCommunicationsAreDetected() {
            expectBrokenAt(4, () -> tampering().swapAuditEvents(org, 4, 5));
        }

        @Test
        void anEditedSentCommunicationIsDetectedAtItsSentEvent() {
            expectBrokenAt(4, () -> tampering().changeCommunicationSubject(org, sent.id(), "Forged subject"));
        }
    }
}
