package io.github.commscentre.testkit;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.spi.CommunicationStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.github.commscentre.testkit.BehaviourChecks.expectError;
import static io.github.commscentre.testkit.BehaviourChecks.isVersion7;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every part of the behaviour suite shares: a facade built per test over the store under test, an
 * {@link InMemoryPropertyDirectory} with two blocks of the test organisation (and a block of another one that must
 * never see it), and a {@link MutableClock} that carries nanoseconds, so that microsecond truncation is visible.
 * Each test works in fresh random organisations, so one store may serve every test.
 *
 * <p>Rejected calls are checked with {@link #rejected}: besides the error code, the organisation's
 * communications, recipients and audit events must be exactly as they were before the call.
 */
abstract class BehaviourFixture {

    /** @return the store under test; may be the same instance for every test */
    abstract CommunicationStore store();

    /** A block of the test organisation with units a1 to a4; the other organisation has a block with the same id. */
    protected static final String BLOCK_A = "block-a";
    /** A second block of the test organisation, with units b1 and b2. */
    protected static final String BLOCK_B = "block-b";
    /** A block that only the other organisation has. */
    protected static final String OTHER_BLOCK = "block-x";
    /** Where the clock starts; the nanoseconds are there to be truncated. */
    protected static final Instant START = Instant.parse("2030-03-04T05:06:07.123456789Z");

    private static final Duration STEP = Duration.ofMillis(3).plusNanos(1_789);

    /** The store of this test. */
    protected CommunicationStore store;
    /** The host directory of this test. */
    protected InMemoryPropertyDirectory directory;
    /** The clock of this test. */
    protected MutableClock clock;
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
    final Set<UUID> known = new LinkedHashSet<>();

    @BeforeEach
    void setUpCentre() {
        store = store();
        directory = new InMemoryPropertyDirectory();
        clock = MutableClock.at(START);
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

    /**
     * @param s a store
     * @return a facade over it with this test's directory and clock, and channels that accept everything for the two
     *         channels the helpers create communications on ({@code post} and {@code email}), so that one can be sent
     */
    protected CommunicationCentre centreOver(CommunicationStore s) {
        return CommunicationCentre.builder().store(s).directory(directory).clock(clock)
                .deliveryChannel("post", RecordingDeliveryChannel.acceptingAll())
                .deliveryChannel("email", RecordingDeliveryChannel.acceptingAll()).build();
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
            case SENDING:
                return centre.send(admin, c.id());
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
    protected List<CommunicationSummary> listAll(Caller caller, CommunicationFilter filter, int limit) {
        List<CommunicationSummary> all = new ArrayList<>();
        Page<CommunicationSummary> page = centre.list(caller, filter, PageRequest.first(limit));
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
        assertThat(v.intact()).as("audit chain intact: %s", v.firstProblem().orElse(null)).isTrue();
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

    /** Asserts that a call fails with the given code and that nothing of the organisation changed. */
    protected CommunicationCentreException rejected(ErrorCode code, ThrowingCallable call) {
        State before = state();
        CommunicationCentreException e = expectError(code, call);
        assertThat(state()).as("nothing may change when a call fails (%s)", e).isEqualTo(before);
        return e;
    }

    /**
     * Asserts {@code BAD_REQUEST} naming the field, both in {@link CommunicationCentreException#field()} and at the start
     * of the message, and that nothing changed. {@code field} may be the start of a nested name ({@code events} for
     * {@code events[2].status}).
     */
    protected CommunicationCentreException badRequest(String field, ThrowingCallable call) {
        CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
        assertThat(e.field()).as("the exception names the field").hasValueSatisfying(f -> assertThat(f).startsWith(field));
        assertThat(e.getMessage()).as("the message names the field").startsWith(e.field().orElseThrow() + " ");
        return e;
    }

    /** Like {@link #badRequest} where the API leaves the field's name open between a few spellings. */
    protected CommunicationCentreException badRequestNaming(List<String> fields, ThrowingCallable call) {
        CommunicationCentreException e = rejected(ErrorCode.BAD_REQUEST, call);
        assertThat(fields).as("the message %s names one of the fields", e.getMessage())
                .anyMatch(f -> e.getMessage().startsWith(f));
        assertThat(fields).as("the exception's field %s is one of them", e.field())
                .anyMatch(f -> e.field().orElse("").startsWith(f));
        return e;
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
}
