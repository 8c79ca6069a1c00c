package io.github.commscentre.reliability.model;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.ErrorCode;
import io.github.commscentre.HtmlSanitizer;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.Role;
import io.github.commscentre.reliability.model.Outcome.Handles;
import io.github.commscentre.reliability.model.Refs.Ref;
import io.github.commscentre.reliability.support.Canonical;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The reference model: SPEC.md's rules written a second time, over plain maps, without any of the facade's
 * code. Every method answers what the facade must answer for the same call, as an {@link Outcome}; the
 * differential test runs both and compares. Only the public HTML sanitiser is shared, because which tags a
 * policy keeps is the policy's business, not a rule of the contract.
 */
public final class ReferenceModel {

    private static final int SUBJECT_MAX = 500;
    private static final int BODY_MAX = 1_000_000;
    private static final int CHANNEL_MAX = 50;
    private static final int NOTES_MAX = 10_000;
    private static final int REASON_MAX = 1_000;
    private static final int HOST_ID_MAX = 100;
    private static final int UNIT_IDS_MAX = 50_000;

    /** The delivery status machine of SPEC.md, written out rather than taken from the enum. */
    private static final Map<DeliveryStatus, List<DeliveryStatus>> FORWARD = Map.of(
            DeliveryStatus.PENDING, List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.DELIVERED, DeliveryStatus.OPENED,
                    DeliveryStatus.BOUNCED, DeliveryStatus.FAILED),
            DeliveryStatus.ACCEPTED, List.of(DeliveryStatus.DELIVERED, DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED),
            DeliveryStatus.DELIVERED, List.of(DeliveryStatus.OPENED, DeliveryStatus.BOUNCED, DeliveryStatus.FAILED),
            DeliveryStatus.OPENED, List.of(),
            DeliveryStatus.BOUNCED, List.of(),
            DeliveryStatus.FAILED, List.of());

    private final Clock clock;
    private final InMemoryPropertyDirectory directory;
    private final HtmlSanitizer sanitizer = HtmlSanitizer.standard();

    private final Map<Integer, MComm> live = new LinkedHashMap<>();
    private final Map<Integer, String> everCreated = new LinkedHashMap<>();
    private final Map<Integer, MRec> recipients = new LinkedHashMap<>();
    private final Map<String, List<MEvent>> events = new HashMap<>();
    private final List<CommCursor> commCursors = new ArrayList<>();
    private final List<RecCursor> recCursors = new ArrayList<>();
    private int nextComm;
    private int nextRec;

    /**
     * @param clock     the clock the facades under test read too
     * @param directory the host directory the facades under test read too
     */
    public ReferenceModel(Clock clock, InMemoryPropertyDirectory directory) {
        this.clock = clock;
        this.directory = directory;
    }

    // ---- state the generator looks at ---------------------------------------------------------------

    /** @return handles of the live communications of an organisation, in creation order */
    public List<Integer> liveCommunications(String org) {
        List<Integer> handles = new ArrayList<>();
        live.values().forEach(c -> {
            if (c.org.equals(org)) {
                handles.add(c.handle);
            }
        });
        return handles;
    }

    /** @return handles of every communication ever created in an organisation, deleted ones included */
    public List<Integer> everCreated(String org) {
        List<Integer> handles = new ArrayList<>();
        everCreated.forEach((h, o) -> {
            if (o.equals(org)) {
                handles.add(h);
            }
        });
        return handles;
    }

    /** @return handles of the deleted communications of an organisation */
    public List<Integer> deletedCommunications(String org) {
        List<Integer> handles = everCreated(org);
        handles.removeIf(live::containsKey);
        return handles;
    }

    /** @return handles of the live recipients of an organisation */
    public List<Integer> liveRecipients(String org) {
        List<Integer> handles = new ArrayList<>();
        recipients.values().forEach(r -> {
            if (r.org.equals(org)) {
                handles.add(r.handle);
            }
        });
        return handles;
    }

    /** @return the live communication with this handle, or null */
    public MComm communication(int handle) {
        return live.get(handle);
    }

    /** @return the organisation a handle was created in */
    public String organisationOf(int handle) {
        return everCreated.get(handle);
    }

    /** @return how many events the organisation's chain holds */
    public int eventCount(String org) {
        return events.getOrDefault(org, List.of()).size();
    }

    /** @return how many communication cursors were handed out so far */
    public int communicationCursorCount() {
        return commCursors.size();
    }

    /** @return how many recipient cursors were handed out so far */
    public int recipientCursorCount() {
        return recCursors.size();
    }

    // ---- reads ------------------------------------------------------------------------------------

    /** {@code list} */
    public Outcome list(Caller caller, CommunicationFilter filter, PageRequest page, Integer cursorIndex, boolean tampered) {
        return run(() -> {
            String org = reader(caller);
            checkFilter(filter);
            int limit = limit(page);
            String scope = "C|" + org + "|" + filter.blockId() + "|" + filter.unitId() + "|" + filter.communicationType()
                    + "|" + filter.status();
            CommCursor after = null;
            if (page.cursor() != null) {
                if (cursorIndex == null || tampered || cursorIndex >= commCursors.size()
                        || !commCursors.get(cursorIndex).scope.equals(scope)) {
                    throw new Fail(ErrorCode.BAD_REQUEST, "cursor");
                }
                after = commCursors.get(cursorIndex);
            }
            List<MComm> rows = new ArrayList<>();
            for (MComm c : live.values()) {
                if (c.org.equals(org) && matches(c, filter) && (after == null || before(c, after))) {
                    rows.add(c);
                }
            }
            rows.sort(NEWEST_FIRST);
            boolean hasNext = rows.size() > limit;
            List<MComm> items = hasNext ? rows.subList(0, limit) : rows;
            if (hasNext) {
                MComm last = items.get(items.size() - 1);
                commCursors.add(new CommCursor(scope, last.createdAt, last.handle));
            }
            List<Normalised.Comm> normalised = new ArrayList<>();
            items.forEach(c -> normalised.add(c.norm().withoutBody()));
            return new Normalised.PageOf<>(normalised, hasNext, hasNext);
        });
    }

    /** {@code count} */
    public Outcome count(Caller caller, CommunicationFilter filter) {
        return run(() -> {
            String org = reader(caller);
            checkFilter(filter);
            long n = live.values().stream().filter(c -> c.org.equals(org) && matches(c, filter)).count();
            return n;
        });
    }

    /** {@code getById} */
    public Outcome getById(Caller caller, Ref ref) {
        return run(() -> {
            String org = reader(caller);
            notNull("communicationId", ref);
            MComm c = find(org, ref);
            Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus s : DeliveryStatus.values()) {
                counts.put(s, 0L);
            }
            long withoutEmail = 0;
            for (int h : c.recipients) {
                MRec r = recipients.get(h);
                counts.merge(r.status, 1L, Long::sum);
                if (r.email == null) {
                    withoutEmail++;
                }
            }
            return new Normalised.Details(c.norm(), c.recipients.size(), counts, withoutEmail);
        });
    }

    /** {@code listRecipients} */
    public Outcome listRecipients(Caller caller, Ref ref, RecipientFilter filter, PageRequest page, Integer cursorIndex,
                                  boolean tampered) {
        return run(() -> {
            String org = reader(caller);
            notNull("communicationId", ref);
            notNull("filter", filter);
            int limit = limit(page);
            String scope = "R|" + org + "|" + ref + "|" + filter.deliveryStatus();
            long after = 0;
            if (page.cursor() != null) {
                if (cursorIndex == null || tampered || cursorIndex >= recCursors.size()
                        || !recCursors.get(cursorIndex).scope.equals(scope)) {
                    throw new Fail(ErrorCode.BAD_REQUEST, "cursor");
                }
                after = recCursors.get(cursorIndex).position;
            }
            MComm c = find(org, ref);
            List<MRec> rows = new ArrayList<>();
            for (int h : c.recipients) {
                MRec r = recipients.get(h);
                if (r.position > after && (filter.deliveryStatus() == null || r.status == filter.deliveryStatus())) {
                    rows.add(r);
                }
            }
            boolean hasNext = rows.size() > limit;
            List<MRec> items = hasNext ? rows.subList(0, limit) : rows;
            if (hasNext) {
                recCursors.add(new RecCursor(scope, items.get(items.size() - 1).position));
            }
            List<Normalised.Rec> normalised = new ArrayList<>();
            items.forEach(r -> normalised.add(r.norm()));
            return new Normalised.PageOf<>(normalised, hasNext, hasNext);
        });
    }

    /** {@code auditTrail} */
    public Outcome auditTrail(Caller caller, Ref ref) {
        return run(() -> {
            String org = reader(caller);
            notNull("communicationId", ref);
            List<MEvent> trail = new ArrayList<>();
            if (ref.handle() != null) {
                for (MEvent e : events.getOrDefault(org, List.of())) {
                    if (e.comm == ref.handle()) {
                        trail.add(e);
                    }
                }
            }
            if (trail.isEmpty()) {
                throw new Fail(ErrorCode.NOT_FOUND, null);
            }
            return (Outcome.PerStore) handles -> {
                List<Normalised.Event> rendered = new ArrayList<>();
                trail.forEach(e -> rendered.add(e.render(handles)));
                return rendered;
            };
        });
    }

    /** {@code verifyAuditTrail} on an untampered store */
    public Outcome verify(Caller caller) {
        return run(() -> {
            String org = reader(caller);
            return new Normalised.Verification(true, events.getOrDefault(org, List.of()).size(), null);
        });
    }

    // ---- writes -----------------------------------------------------------------------------------

    /** {@code create} */
    public Outcome create(Caller caller, NewCommunication in) {
        return run(() -> {
            String org = writer(caller);
            notNull("input", in);
            notNull("communicationType", in.communicationType());
            String subject = requiredTrimmed("subject", in.subject(), SUBJECT_MAX);
            String body = body(in.bodyHtml());
            String blockId = in.blockId() == null ? null : hostId("blockId", in.blockId());
            String unitId = in.unitId() == null ? null : hostId("unitId", in.unitId());
            String channel = in.channel() == null ? "email" : requiredTrimmed("channel", in.channel(), CHANNEL_MAX);
            String notes = optionalText("notes", in.notes(), NOTES_MAX);
            Instant now = now();
            Instant scheduledAt = future("scheduledAt", in.scheduledAt(), now);
            if (blockId != null && !directory.blockIds(org).contains(blockId)) {
                throw new Fail(ErrorCode.BAD_REQUEST, "blockId");
            }
            if (unitId != null) {
                UnitRecord unit = directory.unit(org, unitId).orElse(null);
                if (unit == null || (blockId != null && !blockId.equals(unit.blockId()))) {
                    throw new Fail(ErrorCode.BAD_REQUEST, "unitId");
                }
            }
            MComm c = new MComm();
            c.handle = nextComm++;
            c.org = org;
            c.type = in.communicationType();
            c.subject = subject;
            c.body = body;
            c.blockId = blockId;
            c.unitId = unitId;
            c.channel = channel;
            c.status = scheduledAt == null ? CommunicationStatus.DRAFT : CommunicationStatus.SCHEDULED;
            c.scheduledAt = scheduledAt;
            c.notes = notes;
            c.createdBy = caller.userId();
            c.createdAt = now;
            c.updatedAt = now;
            live.put(c.handle, c);
            everCreated.put(c.handle, org);
            Map<String, Object> details = new LinkedHashMap<>();
            put(details, "communicationType", c.type.wireName());
            put(details, "subject", subject);
            put(details, "channel", channel);
            put(details, "status", c.status.wireName());
            put(details, "bodySha256", body == null ? null : Canonical.sha256(body));
            put(details, "blockId", blockId);
            put(details, "unitId", unitId);
            put(details, "scheduledAt", scheduledAt);
            put(details, "notes", notes);
            append(org, caller.userId(), now, new Pending(c.handle, null, AuditEventType.CREATED, details, List.of()));
            return c.norm();
        });
    }

    /** {@code update} */
    public Outcome update(Caller caller, Ref ref, CommunicationChanges ch) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            notNull("changes", ch);
            String subject = ch.hasSubject() ? requiredTrimmed("subject", ch.subject().orElse(null), SUBJECT_MAX) : null;
            String body = ch.hasBodyHtml() ? body(ch.bodyHtml().orElse(null)) : null;
            String channel = ch.hasChannel() ? requiredTrimmed("channel", ch.channel().orElse(null), CHANNEL_MAX) : null;
            String notes = ch.hasNotes() ? optionalText("notes", ch.notes().orElse(null), NOTES_MAX) : null;
            Instant now = now();
            Instant scheduledAt = ch.hasScheduledAt() ? future("scheduledAt", ch.scheduledAt().orElse(null), now) : null;
            MComm c = editable(org, ref);
            MComm next = c.copy();
            if (ch.hasSubject()) {
                next.subject = subject;
            }
            if (ch.hasBodyHtml()) {
                next.body = body;
            }
            if (ch.hasChannel()) {
                next.channel = channel;
            }
            if (ch.hasNotes()) {
                next.notes = notes;
            }
            if (ch.hasScheduledAt()) {
                next.scheduledAt = scheduledAt;
                next.status = scheduledAt == null ? CommunicationStatus.DRAFT : CommunicationStatus.SCHEDULED;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            List<String> changed = new ArrayList<>();
            if (!Objects.equals(c.body, next.body)) {
                changed.add("bodyHtml");
                put(details, "bodyHtml.oldSha256", c.body == null ? null : Canonical.sha256(c.body));
                put(details, "bodyHtml.newSha256", next.body == null ? null : Canonical.sha256(next.body));
            }
            diff(changed, details, "channel", c.channel, next.channel);
            diff(changed, details, "notes", c.notes, next.notes);
            diff(changed, details, "scheduledAt", c.scheduledAt, next.scheduledAt);
            diff(changed, details, "subject", c.subject, next.subject);
            if (changed.isEmpty()) {
                return c.norm();
            }
            changed.sort(Comparator.naturalOrder());
            put(details, "changedFields", String.join(",", changed));
            next.updatedAt = now;
            next.version = c.version + 1;
            live.put(next.handle, next);
            List<Pending> pending = new ArrayList<>();
            pending.add(new Pending(c.handle, null, AuditEventType.UPDATED, details, List.of()));
            if (c.status == CommunicationStatus.DRAFT && next.status == CommunicationStatus.SCHEDULED) {
                Map<String, Object> d = new LinkedHashMap<>();
                put(d, "scheduledAt", next.scheduledAt);
                pending.add(new Pending(c.handle, null, AuditEventType.SCHEDULED, d, List.of()));
            } else if (c.status == CommunicationStatus.SCHEDULED && next.status == CommunicationStatus.DRAFT) {
                Map<String, Object> d = new LinkedHashMap<>();
                put(d, "previousScheduledAt", c.scheduledAt);
                pending.add(new Pending(c.handle, null, AuditEventType.UNSCHEDULED, d, List.of()));
            }
            append(org, caller.userId(), now, pending.toArray(new Pending[0]));
            return next.norm();
        });
    }

    /** {@code markSent} */
    public Outcome markSent(Caller caller, Ref ref) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            Instant now = now();
            MComm c = editable(org, ref);
            MComm sent = c.copy();
            sent.status = CommunicationStatus.SENT;
            sent.sentAt = now;
            sent.sentBy = caller.userId();
            sent.updatedAt = now;
            sent.version = c.version + 1;
            live.put(sent.handle, sent);
            Map<String, Object> details = finishDetails(sent);
            put(details, "sentAt", now);
            append(org, caller.userId(), now, new Pending(c.handle, null, AuditEventType.SENT, details, List.of()));
            return sent.norm();
        });
    }

    /** {@code markFailed} */
    public Outcome markFailed(Caller caller, Ref ref, String reason) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            String why = optionalText("reason", reason, REASON_MAX);
            Instant now = now();
            MComm c = editable(org, ref);
            MComm failed = c.copy();
            failed.status = CommunicationStatus.FAILED;
            failed.failedAt = now;
            failed.failureReason = why;
            failed.updatedAt = now;
            failed.version = c.version + 1;
            live.put(failed.handle, failed);
            Map<String, Object> details = finishDetails(failed);
            put(details, "failedAt", now);
            put(details, "reason", why);
            append(org, caller.userId(), now, new Pending(c.handle, null, AuditEventType.FAILED, details, List.of()));
            return failed.norm();
        });
    }

    /** {@code delete} */
    public Outcome delete(Caller caller, Ref ref) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            Instant now = now();
            MComm c = editable(org, ref);
            live.remove(c.handle);
            c.recipients.forEach(recipients::remove);
            Map<String, Object> details = new LinkedHashMap<>();
            put(details, "communicationType", c.type.wireName());
            put(details, "subject", c.subject);
            put(details, "status", c.status.wireName());
            put(details, "recipientCount", c.recipients.size());
            append(org, caller.userId(), now, new Pending(c.handle, null, AuditEventType.DELETED, details, List.of()));
            return "deleted";
        });
    }

    /** {@code duplicate} */
    public Outcome duplicate(Caller caller, Ref ref, boolean includeRecipients) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            MComm s = find(org, ref);
            List<UnitRecord> units = new ArrayList<>();
            if (includeRecipients) {
                for (int h : s.recipients) {
                    UnitRecord unit = directory.unit(org, recipients.get(h).unitId).orElse(null);
                    if (unit != null) {
                        units.add(unit);
                    }
                }
            }
            Instant now = now();
            MComm copy = new MComm();
            copy.handle = nextComm++;
            copy.org = org;
            copy.type = s.type;
            copy.subject = s.subject;
            copy.body = s.body;
            copy.blockId = s.blockId;
            copy.unitId = s.unitId;
            copy.channel = s.channel;
            copy.status = CommunicationStatus.DRAFT;
            copy.notes = s.notes;
            copy.createdBy = caller.userId();
            copy.createdAt = now;
            copy.updatedAt = now;
            live.put(copy.handle, copy);
            everCreated.put(copy.handle, org);
            int sourceHandle = s.handle;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sourceCommunicationId", (Function<Handles, String>) h -> h.communicationId(sourceHandle).toString());
            put(details, "includeRecipients", Boolean.toString(includeRecipients));
            put(details, "communicationType", copy.type.wireName());
            put(details, "subject", copy.subject);
            put(details, "channel", copy.channel);
            put(details, "bodySha256", copy.body == null ? null : Canonical.sha256(copy.body));
            put(details, "blockId", copy.blockId);
            put(details, "unitId", copy.unitId);
            put(details, "notes", copy.notes);
            List<Pending> pending = new ArrayList<>();
            pending.add(new Pending(copy.handle, null, AuditEventType.DUPLICATED, details, List.of()));
            if (!units.isEmpty()) {
                pending.add(addRecipientsTo(copy, units, caller.userId(), now));
            }
            append(org, caller.userId(), now, pending.toArray(new Pending[0]));
            return copy.norm();
        });
    }

    /** {@code addRecipients} */
    public Outcome addRecipients(Caller caller, Ref ref, Collection<String> unitIds) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            notNull("unitIds", unitIds);
            if (unitIds.isEmpty() || unitIds.size() > UNIT_IDS_MAX) {
                throw new Fail(ErrorCode.BAD_REQUEST, "unitIds");
            }
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            for (String unitId : unitIds) {
                distinct.add(hostId("unitIds", unitId));
            }
            List<UnitRecord> units = new ArrayList<>();
            for (String unitId : distinct) {
                UnitRecord unit = directory.unit(org, unitId).orElse(null);
                if (unit != null) {
                    units.add(unit);
                }
            }
            if (units.isEmpty()) {
                throw new Fail(ErrorCode.BAD_REQUEST, "unitIds");
            }
            Instant now = now();
            MComm c = editable(org, ref);
            return addUnits(caller, c, units, distinct.size() - units.size(), now);
        });
    }

    /** {@code addBlockRecipients} */
    public Outcome addBlockRecipients(Caller caller, Ref ref) {
        return run(() -> {
            String org = writer(caller);
            notNull("communicationId", ref);
            MComm c = find(org, ref);
            if (c.blockId == null) {
                throw new Fail(ErrorCode.BAD_REQUEST, "blockId");
            }
            Map<String, UnitRecord> inBlock = new LinkedHashMap<>();
            for (UnitRecord unit : directory.findUnitsInBlock(org, c.blockId)) {
                if (unit.blockId().equals(c.blockId)) {
                    inBlock.putIfAbsent(unit.unitId(), unit);
                }
            }
            List<UnitRecord> units = new ArrayList<>(inBlock.values());
            if (units.isEmpty()) {
                throw new Fail(ErrorCode.BAD_REQUEST, "blockId");
            }
            Instant now = now();
            editable(org, ref);
            return addUnits(caller, c, units, 0, now);
        });
    }

    /** {@code updateRecipientStatus} */
    public Outcome updateRecipientStatus(Caller caller, Ref ref, DeliveryStatus to, String failureReason) {
        return run(() -> {
            String org = writer(caller);
            notNull("recipientId", ref);
            notNull("deliveryStatus", to);
            String reason = optionalText("failureReason", failureReason, REASON_MAX);
            boolean failure = to == DeliveryStatus.BOUNCED || to == DeliveryStatus.FAILED;
            if (reason != null && !failure) {
                throw new Fail(ErrorCode.BAD_REQUEST, "failureReason");
            }
            Instant now = now();
            MRec r = ref.handle() == null ? null : recipients.get(ref.handle());
            if (r == null || !r.org.equals(org)) {
                throw new Fail(ErrorCode.NOT_FOUND, null);
            }
            if (r.status == to) {
                return r.norm();
            }
            if (!FORWARD.get(r.status).contains(to)) {
                throw new Fail(ErrorCode.CONFLICT, null);
            }
            DeliveryStatus from = r.status;
            if (r.deliveredAt == null && (to == DeliveryStatus.DELIVERED || to == DeliveryStatus.OPENED)) {
                r.deliveredAt = now;
            }
            if (to == DeliveryStatus.OPENED) {
                r.openedAt = now;
            }
            if (failure) {
                r.failureReason = reason;
            }
            r.status = to;
            r.updatedAt = now;
            Map<String, Object> details = new LinkedHashMap<>();
            put(details, "unitId", r.unitId);
            put(details, "from", from.wireName());
            put(details, "to", to.wireName());
            put(details, "reason", reason);
            append(org, caller.userId(), now, new Pending(r.comm, r.handle, AuditEventType.RECIPIENT_STATUS_CHANGED, details, List.of()));
            return r.norm();
        });
    }

    // ---- the pieces -------------------------------------------------------------------------------

    private AddRecipientsResult addUnits(Caller caller, MComm c, List<UnitRecord> units, int notInOrganisation, Instant now) {
        List<UnitRecord> toAdd = new ArrayList<>();
        for (UnitRecord unit : units) {
            boolean already = c.recipients.stream().anyMatch(h -> recipients.get(h).unitId.equals(unit.unitId()));
            if (!already) {
                toAdd.add(unit);
            }
        }
        if (!toAdd.isEmpty()) {
            append(c.org, caller.userId(), now, addRecipientsTo(c, toAdd, caller.userId(), now));
        }
        return new AddRecipientsResult(toAdd.size(), units.size() - toAdd.size(), notInOrganisation);
    }

    private Pending addRecipientsTo(MComm c, List<UnitRecord> units, String actor, Instant now) {
        long position = c.recipients.isEmpty() ? 0 : recipients.get(c.recipients.get(c.recipients.size() - 1)).position;
        List<String> unitIds = new ArrayList<>();
        for (UnitRecord unit : units) {
            MRec r = new MRec();
            r.handle = nextRec++;
            r.org = c.org;
            r.comm = c.handle;
            r.unitId = unit.unitId();
            r.position = ++position;
            r.name = unit.leaseholderName();
            r.email = unit.leaseholderEmail();
            r.status = DeliveryStatus.PENDING;
            r.addedAt = now;
            r.updatedAt = now;
            r.addedBy = actor;
            recipients.put(r.handle, r);
            c.recipients.add(r.handle);
            unitIds.add(unit.unitId());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        put(details, "added", Integer.toString(units.size()));
        return new Pending(c.handle, null, AuditEventType.RECIPIENTS_ADDED, details, unitIds);
    }

    /** sent/failed evidence: digests of the content and the recipient snapshots, in one store's ids. */
    private Map<String, Object> finishDetails(MComm finished) {
        MComm snapshot = finished.copy();
        List<MRec> snapshots = new ArrayList<>();
        for (int h : finished.recipients) {
            snapshots.add(recipients.get(h).copy());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contentSha256", (Function<Handles, String>) h -> contentSha256(snapshot, h));
        details.put("recipientsSha256", (Function<Handles, String>) h -> recipientsSha256(snapshots, h));
        put(details, "recipientCount", Integer.toString(snapshots.size()));
        put(details, "recipientsSha256Version", "4");
        return details;
    }

    private static String contentSha256(MComm c, Handles h) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", h.communicationId(c.handle));
        fields.put("organisationId", c.org);
        fields.put("communicationType", c.type.wireName());
        fields.put("subject", c.subject);
        fields.put("bodyHtml", c.body);
        fields.put("blockId", c.blockId);
        fields.put("unitId", c.unitId);
        fields.put("channel", c.channel);
        fields.put("status", c.status.wireName());
        fields.put("scheduledAt", c.scheduledAt);
        fields.put("sentAt", c.sentAt);
        fields.put("sentBy", c.sentBy);
        fields.put("failedAt", c.failedAt);
        fields.put("failureReason", c.failureReason);
        fields.put("notes", c.notes);
        fields.put("createdBy", c.createdBy);
        fields.put("createdAt", c.createdAt);
        fields.put("updatedAt", c.updatedAt);
        fields.put("version", c.version);
        return Canonical.sha256(Canonical.json(fields));
    }

    private static String recipientsSha256(List<MRec> snapshots, Handles h) {
        List<Object> items = new ArrayList<>();
        for (MRec r : snapshots) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("recipientId", h.recipientId(r.handle));
            fields.put("unitId", r.unitId);
            fields.put("position", r.position);
            fields.put("name", r.name);
            fields.put("email", r.email);
            // version 2 of the digest: who added the recipient, and when, cannot be rewritten either
            fields.put("addedAt", r.addedAt);
            fields.put("addedBy", r.addedBy);
            // version 3: the postal address snapshot; the model's directory gives none
            fields.put("addressLines", null);
            fields.put("town", null);
            fields.put("postcode", null);
            fields.put("country", null);
            // version 4: the digest of the list of each snapshot's own digest
            items.add(Canonical.sha256(Canonical.json(fields)));
        }
        return Canonical.sha256(Canonical.json(items));
    }

    private void append(String org, String actor, Instant now, Pending... pending) {
        List<MEvent> chain = events.computeIfAbsent(org, o -> new ArrayList<>());
        for (Pending p : pending) {
            chain.add(new MEvent(org, chain.size() + 1, p.comm, p.recipient, p.type, actor, now, p.details, p.unitIds));
        }
    }

    private static void diff(List<String> changed, Map<String, Object> details, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
            put(details, field + ".old", before);
            put(details, field + ".new", after);
        }
    }

    /** Absent values are left out of details, instants written as the canonical encoding writes them. */
    private static void put(Map<String, Object> details, String key, Object value) {
        if (value instanceof Instant i) {
            details.put(key, Canonical.instant(i));
        } else if (value != null) {
            details.put(key, value.toString());
        }
    }

    private MComm find(String org, Ref ref) {
        MComm c = ref.handle() == null ? null : live.get(ref.handle());
        if (c == null || !c.org.equals(org)) {
            throw new Fail(ErrorCode.NOT_FOUND, null);
        }
        return c;
    }

    private MComm editable(String org, Ref ref) {
        MComm c = find(org, ref);
        if (c.status != CommunicationStatus.DRAFT && c.status != CommunicationStatus.SCHEDULED) {
            throw new Fail(ErrorCode.CONFLICT, null);
        }
        return c;
    }

    private static boolean matches(MComm c, CommunicationFilter f) {
        return (f.blockId() == null || f.blockId().equals(c.blockId))
                && (f.unitId() == null || f.unitId().equals(c.unitId))
                && (f.communicationType() == null || f.communicationType() == c.type)
                && (f.status() == null || f.status() == c.status);
    }

    /** Handles grow with creation, and so do a store's UUIDv7 ids: handle order stands in for id order. */
    private static final Comparator<MComm> NEWEST_FIRST =
            Comparator.comparing((MComm c) -> c.createdAt).thenComparingInt(c -> c.handle).reversed();

    private static boolean before(MComm c, CommCursor k) {
        int byTime = c.createdAt.compareTo(k.createdAt);
        return byTime < 0 || (byTime == 0 && c.handle < k.handle);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String body(String raw) {
        if (raw == null) {
            return null;
        }
        wellFormed("bodyHtml", raw);
        if (raw.codePointCount(0, raw.length()) > BODY_MAX) {
            throw new Fail(ErrorCode.BAD_REQUEST, "bodyHtml");
        }
        return sanitizer.sanitize(raw);
    }

    private static Instant future(String field, Instant value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant t = value.truncatedTo(ChronoUnit.MICROS);
        if (!t.isAfter(now)) {
            throw new Fail(ErrorCode.BAD_REQUEST, field);
        }
        return t;
    }

    private static void checkFilter(CommunicationFilter filter) {
        notNull("filter", filter);
        if (filter.blockId() != null) {
            hostId("filter.blockId", filter.blockId());
        }
        if (filter.unitId() != null) {
            hostId("filter.unitId", filter.unitId());
        }
    }

    private static int limit(PageRequest page) {
        notNull("page", page);
        if (page.limit() < 1 || page.limit() > 100) {
            throw new Fail(ErrorCode.BAD_REQUEST, "limit");
        }
        return page.limit();
    }

    private static String reader(Caller caller) {
        if (caller == null) {
            throw new Fail(ErrorCode.BAD_REQUEST, "caller");
        }
        hostId("caller", caller.userId());
        return hostId("caller", caller.organisationId());
    }

    private static String writer(Caller caller) {
        String org = reader(caller);
        if (caller.role() != Role.ADMIN) {
            throw new Fail(ErrorCode.FORBIDDEN, null);
        }
        return org;
    }

    private static void notNull(String field, Object value) {
        if (value == null) {
            throw new Fail(ErrorCode.BAD_REQUEST, field);
        }
    }

    private static String hostId(String field, String value) {
        notNull(field, value);
        wellFormed(field, value);
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > HOST_ID_MAX) {
            throw new Fail(ErrorCode.BAD_REQUEST, field);
        }
        return value;
    }

    private static String requiredTrimmed(String field, String value, int max) {
        notNull(field, value);
        wellFormed(field, value);
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > max) {
            throw new Fail(ErrorCode.BAD_REQUEST, field);
        }
        return trimmed;
    }

    private static String optionalText(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        wellFormed(field, value);
        if (value.codePointCount(0, value.length()) > max) {
            throw new Fail(ErrorCode.BAD_REQUEST, field);
        }
        return value;
    }

    /** No U+0000 and no unpaired surrogate: what PostgreSQL and UTF-8 can hold. */
    private static void wellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            if (pairStart) {
                i++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                throw new Fail(ErrorCode.BAD_REQUEST, field);
            }
        }
    }

    private interface Body {
        Object get();
    }

    private static Outcome run(Body body) {
        try {
            return Outcome.ok(body.get());
        } catch (Fail f) {
            return Outcome.fail(f.code, f.field);
        }
    }

    private static final class Fail extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;
        private final String field;

        Fail(ErrorCode code, String field) {
            super(code + " " + field, null, false, false);
            this.code = code;
            this.field = field;
        }
    }

    private record Pending(int comm, Integer recipient, AuditEventType type, Map<String, Object> details, List<String> unitIds) {
    }

    private record CommCursor(String scope, Instant createdAt, int handle) {
    }

    private record RecCursor(String scope, long position) {
    }

    /** A communication of the model. */
    public static final class MComm {
        int handle;
        String org;
        CommunicationType type;
        String subject;
        String body;
        String blockId;
        String unitId;
        String channel;
        CommunicationStatus status;
        Instant scheduledAt;
        Instant sentAt;
        String sentBy;
        Instant failedAt;
        String failureReason;
        String notes;
        String createdBy;
        Instant createdAt;
        Instant updatedAt;
        long version;
        List<Integer> recipients = new ArrayList<>();

        MComm copy() {
            MComm c = new MComm();
            c.handle = handle;
            c.org = org;
            c.type = type;
            c.subject = subject;
            c.body = body;
            c.blockId = blockId;
            c.unitId = unitId;
            c.channel = channel;
            c.status = status;
            c.scheduledAt = scheduledAt;
            c.sentAt = sentAt;
            c.sentBy = sentBy;
            c.failedAt = failedAt;
            c.failureReason = failureReason;
            c.notes = notes;
            c.createdBy = createdBy;
            c.createdAt = createdAt;
            c.updatedAt = updatedAt;
            c.version = version;
            c.recipients = recipients;
            return c;
        }

        /** @return the status */
        public CommunicationStatus status() {
            return status;
        }

        /** @return the block, or null */
        public String blockId() {
            return blockId;
        }

        /** @return the subject */
        public String subject() {
            return subject;
        }

        /** @return the channel */
        public String channel() {
            return channel;
        }

        /** @return the notes */
        public String notes() {
            return notes;
        }

        /** @return the scheduled instant */
        public Instant scheduledAt() {
            return scheduledAt;
        }

        /** @return the recipients' handles in position order */
        public List<Integer> recipientHandles() {
            return List.copyOf(recipients);
        }

        Normalised.Comm norm() {
            return new Normalised.Comm(handle, org, type, subject, body, blockId, unitId, channel, status, scheduledAt, sentAt,
                    sentBy, failedAt, failureReason, notes, createdBy, createdAt, updatedAt, version);
        }
    }

    /** A recipient of the model. */
    public static final class MRec {
        int handle;
        String org;
        int comm;
        String unitId;
        long position;
        String name;
        String email;
        DeliveryStatus status;
        Instant deliveredAt;
        Instant openedAt;
        String failureReason;
        Instant addedAt;
        Instant updatedAt;
        String addedBy;

        MRec copy() {
            MRec r = new MRec();
            r.handle = handle;
            r.org = org;
            r.comm = comm;
            r.unitId = unitId;
            r.position = position;
            r.name = name;
            r.email = email;
            r.status = status;
            r.deliveredAt = deliveredAt;
            r.openedAt = openedAt;
            r.failureReason = failureReason;
            r.addedAt = addedAt;
            r.updatedAt = updatedAt;
            r.addedBy = addedBy;
            return r;
        }

        Normalised.Rec norm() {
            return new Normalised.Rec(handle, org, comm, unitId, position, name, email, status, deliveredAt, openedAt,
                    failureReason, addedAt, updatedAt, addedBy);
        }
    }

    /** @return the delivery status of a live recipient */
    public DeliveryStatus recipientStatus(int handle) {
        return recipients.get(handle).status;
    }

    private record MEvent(String org, long seq, int comm, Integer recipient, AuditEventType type, String actor, Instant at,
                          Map<String, Object> details, List<String> unitIds) {

        @SuppressWarnings("unchecked")
        Normalised.Event render(Handles handles) {
            Map<String, String> rendered = new TreeMap<>();
            details.forEach((k, v) -> rendered.put(k, v instanceof Function<?, ?> f
                    ? ((Function<Handles, String>) f).apply(handles) : (String) v));
            return new Normalised.Event(org, seq, comm, recipient, type, actor, at, rendered, unitIds, true);
        }
    }
}
