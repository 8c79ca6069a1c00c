package io.github.commscentre.internal;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditEventType;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.HtmlSanitizer;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.CommunicationKey;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import io.github.commscentre.spi.UnitRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The facade. Every rule of the contract lives here; stores only keep data atomically. Each call checks,
 * in this order, the arguments and the caller, the role, the input, then (inside one unit of work)
 * existence and state, and only then writes: so a rejected call has written nothing.
 */
public final class DefaultCommunicationCentre implements CommunicationCentre {

    static final int SUBJECT_MAX = 500;
    static final int BODY_MAX = 1_000_000;
    static final int CHANNEL_MAX = 50;
    static final int NOTES_MAX = 10_000;
    static final int REASON_MAX = 1_000;
    static final int UNIT_IDS_MAX = 50_000;
    /** The last instant every store keeps exactly: four-digit years, as PostgreSQL and H2 timestamps hold them. */
    static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCommunicationCentre.class);

    private final CommunicationStore store;
    private final PropertyDirectory directory;
    private final Clock clock;
    private final HtmlSanitizer htmlSanitizer;
    private final UuidV7 ids;
    private final AuditLinker linker;

    /**
     * @param store         where data lives
     * @param directory     the host's blocks, units and leaseholders
     * @param clock         the only source of time
     * @param htmlSanitizer cleans bodies before they are stored
     */
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock,
                                      HtmlSanitizer htmlSanitizer) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.directory = Objects.requireNonNull(directory, "directory must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.htmlSanitizer = Objects.requireNonNull(htmlSanitizer, "htmlSanitizer must not be null");
        this.ids = new UuidV7(clock);
        this.linker = new AuditLinker(store);
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public Page<Communication> list(Caller caller, CommunicationFilter filter, PageRequest page) {
        String org = reader(caller);
        CommunicationFilter f = validFilter(filter);
        int limit = validLimit(page);
        String scope = "communications\u0000" + org + "\u0000" + CanonicalJson.encode(filterFields(f));
        CommunicationKey after = page.cursor() == null ? null : Cursors.communicationsAfter(scope, page.cursor());
        List<Communication> rows = read(org, tx -> tx.listCommunications(f, after, limit + 1));
        boolean hasNext = rows.size() > limit;
        List<Communication> items = hasNext ? rows.subList(0, limit) : rows;
        String next = null;
        if (hasNext) {
            Communication last = items.get(items.size() - 1);
            next = Cursors.communications(scope, new CommunicationKey(last.createdAt(), last.id()));
        }
        return new Page<>(items, next, hasNext);
    }

    @Override
    public long count(Caller caller, CommunicationFilter filter) {
        String org = reader(caller);
        CommunicationFilter f = validFilter(filter);
        return read(org, tx -> tx.countCommunications(f));
    }

    @Override
    public CommunicationDetails getById(Caller caller, UUID communicationId) {
        String org = reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        return read(org, tx -> {
            Communication c = tx.findCommunication(id).orElseThrow(() -> communicationNotFound(id));
            RecipientStats stats = tx.recipientStats(id);
            return new CommunicationDetails(c, stats.total(), stats.byStatus(), stats.withoutEmail());
        });
    }

    @Override
    public Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page) {
        String org = reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        RecipientFilter f = Texts.requireNonNull("filter", filter);
        int limit = validLimit(page);
        String status = f.deliveryStatus() == null ? "" : f.deliveryStatus().wireName();
        String scope = "recipients\u0000" + org + "\u0000" + id + "\u0000" + status;
        long after = page.cursor() == null ? 0 : Cursors.recipientsAfter(scope, page.cursor());
        List<Recipient> rows = read(org, tx -> {
            tx.findCommunication(id).orElseThrow(() -> communicationNotFound(id));
            return tx.listRecipients(id, f.deliveryStatus(), after, limit + 1);
        });
        boolean hasNext = rows.size() > limit;
        List<Recipient> items = hasNext ? rows.subList(0, limit) : rows;
        String next = hasNext ? Cursors.recipients(scope, items.get(items.size() - 1).position()) : null;
        return new Page<>(items, next, hasNext);
    }

    @Override
    public List<AuditEvent> auditTrail(Caller caller, UUID communicationId) {
        String org = reader(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        List<AuditEvent> events = read(org, tx -> tx.auditEventsOf(id));
        if (events.isEmpty()) {
            throw communicationNotFound(id);
        }
        return List.copyOf(events);
    }

    @Override
    public AuditVerification verifyAuditTrail(Caller caller) {
        String org = reader(caller);
        // Its own snapshot, never the host's transaction: a READ COMMITTED host would let others' commits appear
        // between two of its statements and look like a break.
        return call(() -> store.readDetached(org, tx -> AuditChain.verify(tx, org)));
    }

    // ---- writes ---------------------------------------------------------------------------------

    @Override
    public Communication create(Caller caller, NewCommunication input) {
        String org = writer(caller);
        NewCommunication in = Texts.requireNonNull("input", input);
        Texts.requireNonNull("communicationType", in.communicationType());
        String subject = Texts.requiredStripped("subject", in.subject(), SUBJECT_MAX);
        String body = sanitizedBody(in.bodyHtml());
        String blockId = Texts.optionalHostId("blockId", in.blockId());
        String unitId = Texts.optionalHostId("unitId", in.unitId());
        String channel = in.channel() == null ? NewCommunication.DEFAULT_CHANNEL
                : Texts.requiredStripped("channel", in.channel(), CHANNEL_MAX);
        String notes = Texts.optional("notes", in.notes(), NOTES_MAX);
        Instant now = now();
        Instant scheduledAt = futureInstant("scheduledAt", in.scheduledAt(), now);
        checkScope(org, blockId, unitId);

        CommunicationStatus status = scheduledAt == null ? CommunicationStatus.DRAFT : CommunicationStatus.SCHEDULED;
        Communication created = new Communication(ids.next(), org, in.communicationType(), subject, body, blockId, unitId,
                channel, status, scheduledAt, null, null, null, null, notes, caller.userId(), now, now, 0);
        Details details = new Details()
                .put("communicationType", created.communicationType().wireName())
                .put("subject", subject)
                .put("channel", channel)
                .put("status", status.wireName())
                .put("bodySha256", body == null ? null : Digests.sha256Hex(body))
                .put("blockId", blockId)
                .put("unitId", unitId)
                .put("scheduledAt", scheduledAt)
                .put("notes", notes);
        return write(org, tx -> {
            tx.insertCommunication(created);
            audit(tx, caller, now, List.of(new Pending(created.id(), AuditEventType.CREATED, details.map())));
            return created;
        });
    }

    @Override
    public Communication update(Caller caller, UUID communicationId, CommunicationChanges changes) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        CommunicationChanges ch = Texts.requireNonNull("changes", changes);
        String subject = ch.hasSubject() ? Texts.requiredStripped("subject", ch.subject().orElse(null), SUBJECT_MAX) : null;
        String body = ch.hasBodyHtml() ? sanitizedBody(ch.bodyHtml().orElse(null)) : null;
        String channel = ch.hasChannel() ? Texts.requiredStripped("channel", ch.channel().orElse(null), CHANNEL_MAX) : null;
        String notes = ch.hasNotes() ? Texts.optional("notes", ch.notes().orElse(null), NOTES_MAX) : null;
        Instant scheduledAt = ch.hasScheduledAt() ? futureInstant("scheduledAt", ch.scheduledAt().orElse(null), now()) : null;

        return write(org, tx -> {
            Communication c = lockEditable(tx, org, id, "edited");
            Instant now = now();
            Communication next = new Communication(c.id(), org, c.communicationType(),
                    ch.hasSubject() ? subject : c.subject(),
                    ch.hasBodyHtml() ? body : c.bodyHtml(),
                    c.blockId(), c.unitId(),
                    ch.hasChannel() ? channel : c.channel(),
                    ch.hasScheduledAt() ? (scheduledAt == null ? CommunicationStatus.DRAFT : CommunicationStatus.SCHEDULED) : c.status(),
                    ch.hasScheduledAt() ? scheduledAt : c.scheduledAt(),
                    null, null, null, null,
                    ch.hasNotes() ? notes : c.notes(),
                    c.createdBy(), c.createdAt(), now, c.version() + 1);

            List<String> changed = new ArrayList<>();
            Details details = new Details();
            if (!Objects.equals(c.bodyHtml(), next.bodyHtml())) {
                changed.add("bodyHtml");
                details.put("bodyHtml.oldSha256", c.bodyHtml() == null ? null : Digests.sha256Hex(c.bodyHtml()))
                        .put("bodyHtml.newSha256", next.bodyHtml() == null ? null : Digests.sha256Hex(next.bodyHtml()));
            }
            diff(changed, details, "channel", c.channel(), next.channel());
            diff(changed, details, "notes", c.notes(), next.notes());
            diff(changed, details, "scheduledAt", c.scheduledAt(), next.scheduledAt());
            diff(changed, details, "subject", c.subject(), next.subject());
            if (changed.isEmpty()) {
                return c; // nothing changes: nothing is stored and no event is appended
            }
            details.put("changedFields", String.join(",", changed));
            if (!tx.updateCommunication(next, c.version())) {
                throw concurrentChange(id);
            }
            List<Pending> events = new ArrayList<>();
            events.add(new Pending(id, AuditEventType.UPDATED, details.map()));
            if (c.status() == CommunicationStatus.DRAFT && next.status() == CommunicationStatus.SCHEDULED) {
                events.add(new Pending(id, AuditEventType.SCHEDULED, new Details().put("scheduledAt", next.scheduledAt()).map()));
            } else if (c.status() == CommunicationStatus.SCHEDULED && next.status() == CommunicationStatus.DRAFT) {
                events.add(new Pending(id, AuditEventType.UNSCHEDULED,
                        new Details().put("previousScheduledAt", c.scheduledAt()).map()));
            }
            audit(tx, caller, now, events);
            return next;
        });
    }

    @Override
    public Communication markSent(Caller caller, UUID communicationId) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        return write(org, tx -> {
            Communication c = lockEditable(tx, org, id, "marked sent");
            Instant now = now(); // read under the lock, so that time order follows commit order
            Communication sent = new Communication(c.id(), org, c.communicationType(), c.subject(), c.bodyHtml(),
                    c.blockId(), c.unitId(), c.channel(), CommunicationStatus.SENT, c.scheduledAt(), now, caller.userId(),
                    null, null, c.notes(), c.createdBy(), c.createdAt(), now, c.version() + 1);
            Details details = finishDetails(tx, sent).put("sentAt", now);
            if (!tx.updateCommunication(sent, c.version())) {
                throw concurrentChange(id);
            }
            audit(tx, caller, now, List.of(new Pending(id, AuditEventType.SENT, details.map())));
            return sent;
        });
    }

    @Override
    public Communication markFailed(Caller caller, UUID communicationId, String reason) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        String why = Texts.optional("reason", reason, REASON_MAX);
        return write(org, tx -> {
            Communication c = lockEditable(tx, org, id, "marked failed");
            Instant now = now(); // read under the lock, so that time order follows commit order
            Communication failed = new Communication(c.id(), org, c.communicationType(), c.subject(), c.bodyHtml(),
                    c.blockId(), c.unitId(), c.channel(), CommunicationStatus.FAILED, c.scheduledAt(), null, null,
                    now, why, c.notes(), c.createdBy(), c.createdAt(), now, c.version() + 1);
            Details details = finishDetails(tx, failed).put("failedAt", now).put("reason", why);
            if (!tx.updateCommunication(failed, c.version())) {
                throw concurrentChange(id);
            }
            audit(tx, caller, now, List.of(new Pending(id, AuditEventType.FAILED, details.map())));
            return failed;
        });
    }

    @Override
    public void delete(Caller caller, UUID communicationId) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        write(org, tx -> {
            Communication c = lockEditable(tx, org, id, "deleted");
            Instant now = now(); // read under the lock, so that time order follows commit order
            long recipients = tx.recipientStats(id).total();
            if (!tx.deleteCommunication(id, c.version())) {
                throw concurrentChange(id);
            }
            audit(tx, caller, now, List.of(new Pending(id, AuditEventType.DELETED, new Details()
                    .put("communicationType", c.communicationType().wireName())
                    .put("subject", c.subject())
                    .put("status", c.status().wireName())
                    .put("recipientCount", recipients)
                    .map())));
            return null;
        });
    }

    @Override
    public Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients) {
        String org = writer(caller);
        UUID sourceId = Texts.requireNonNull("communicationId", communicationId);
        record Source(Communication communication, List<String> unitIds) {
        }
        Source source = read(org, tx -> {
            Communication c = tx.findCommunication(sourceId).orElseThrow(() -> communicationNotFound(sourceId));
            List<String> units = new ArrayList<>();
            if (includeRecipients) {
                tx.forEachRecipient(sourceId, r -> units.add(r.unitId()));
            }
            return new Source(c, units);
        });
        // Fresh snapshots: the leaseholders as they are today, not as they were on the original.
        Map<String, UnitRecord> found = source.unitIds().isEmpty() ? Map.of() : findUnits(org, source.unitIds());
        List<UnitRecord> units = new ArrayList<>();
        for (String unitId : source.unitIds()) {
            UnitRecord unit = found.get(unitId);
            if (unit != null) {
                units.add(unit);
            }
        }
        Instant now = now();
        Communication s = source.communication();
        Communication copy = new Communication(ids.next(), org, s.communicationType(), s.subject(), s.bodyHtml(), s.blockId(),
                s.unitId(), s.channel(), CommunicationStatus.DRAFT, null, null, null, null, null, s.notes(),
                caller.userId(), now, now, 0);
        List<Recipient> recipients = newRecipients(caller, copy.id(), units, 0, now);
        return write(org, tx -> {
            tx.insertCommunication(copy);
            List<Pending> events = new ArrayList<>();
            events.add(new Pending(copy.id(), AuditEventType.DUPLICATED, new Details()
                    .put("sourceCommunicationId", sourceId)
                    .put("includeRecipients", includeRecipients)
                    .put("communicationType", copy.communicationType().wireName())
                    .put("subject", copy.subject())
                    .put("channel", copy.channel())
                    .put("bodySha256", copy.bodyHtml() == null ? null : Digests.sha256Hex(copy.bodyHtml()))
                    .put("blockId", copy.blockId())
                    .put("unitId", copy.unitId())
                    .put("notes", copy.notes())
                    .map()));
            if (!recipients.isEmpty()) {
                tx.insertRecipients(recipients);
                events.add(recipientsAdded(copy.id(), recipients));
            }
            audit(tx, caller, now, events);
            return copy;
        });
    }

    @Override
    public AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        Texts.requireNonNull("unitIds", unitIds);
        if (unitIds.isEmpty()) {
            throw CommunicationCentreException.badRequest("unitIds", "must contain at least one unit id");
        }
        if (unitIds.size() > UNIT_IDS_MAX) {
            throw CommunicationCentreException.badRequest("unitIds",
                    "must contain at most " + UNIT_IDS_MAX + " unit ids (was " + unitIds.size() + ")");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int index = 0;
        for (String unitId : unitIds) {
            distinct.add(Texts.hostId("unitIds[" + index + "]", unitId));
            index++;
        }
        Map<String, UnitRecord> found = findUnits(org, distinct);
        List<UnitRecord> units = new ArrayList<>(found.size());
        for (String unitId : distinct) {
            UnitRecord unit = found.get(unitId);
            if (unit != null) {
                units.add(unit);
            }
        }
        if (units.isEmpty()) {
            throw CommunicationCentreException.badRequest("unitIds", "contains no unit of this organisation");
        }
        return addUnits(caller, org, id, units, distinct.size() - units.size());
    }

    @Override
    public AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("communicationId", communicationId);
        Communication c = read(org, tx -> tx.findCommunication(id).orElseThrow(() -> communicationNotFound(id)));
        if (c.blockId() == null) {
            throw CommunicationCentreException.badRequest("blockId", "is not set on this communication: addBlockRecipients needs a block");
        }
        List<UnitRecord> inBlock = call(() -> directory.findUnitsInBlock(org, c.blockId()));
        LinkedHashMap<String, UnitRecord> units = new LinkedHashMap<>();
        for (UnitRecord unit : inBlock) {
            if (c.blockId().equals(unit.blockId())) {
                units.putIfAbsent(unit.unitId(), unit);
            }
        }
        if (units.isEmpty()) {
            throw CommunicationCentreException.badRequest("blockId", "has no units to add");
        }
        return addUnits(caller, org, id, new ArrayList<>(units.values()), 0);
    }

    @Override
    public Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason) {
        String org = writer(caller);
        UUID id = Texts.requireNonNull("recipientId", recipientId);
        DeliveryStatus to = Texts.requireNonNull("deliveryStatus", status);
        String reason = Texts.optional("failureReason", failureReason, REASON_MAX);
        if (reason != null && !to.acceptsFailureReason()) {
            throw CommunicationCentreException.badRequest("failureReason", "is accepted with bounced or failed only");
        }
        return write(org, tx -> {
            Recipient r = tx.lockRecipient(id).orElseThrow(() -> CommunicationCentreException.notFound(
                    "recipient " + id + " not found"));
            Instant now = now();
            DeliveryStatus from = r.deliveryStatus();
            if (from == to) {
                return r; // webhooks repeat: the same status again changes nothing
            }
            if (!from.canMoveTo(to)) {
                throw CommunicationCentreException.conflict("delivery status of recipient " + id + " cannot move from "
                        + from.wireName() + " to " + to.wireName() + ": it only moves forward");
            }
            Instant deliveredAt = r.deliveredAt();
            if (deliveredAt == null && (to == DeliveryStatus.DELIVERED || to == DeliveryStatus.OPENED)) {
                deliveredAt = now;
            }
            Instant openedAt = to == DeliveryStatus.OPENED ? now : r.openedAt();
            Recipient next = new Recipient(r.id(), org, r.communicationId(), r.unitId(), r.position(), r.recipientName(),
                    r.recipientEmail(), to, deliveredAt, openedAt, to.acceptsFailureReason() ? reason : r.failureReason(),
                    r.addedAt(), now, r.addedBy());
            if (!tx.updateRecipient(next, from)) {
                throw CommunicationCentreException.conflict("recipient " + id + " was changed concurrently: re-read and retry");
            }
            audit(tx, caller, now, List.of(new Pending(r.communicationId(), r.id(), AuditEventType.RECIPIENT_STATUS_CHANGED,
                    new Details().put("unitId", r.unitId()).put("from", from.wireName()).put("to", to.wireName())
                            .put("reason", reason).map(), List.of())));
            return next;
        });
    }

    // ---- the pieces -----------------------------------------------------------------------------

    private AddRecipientsResult addUnits(Caller caller, String org, UUID id, List<UnitRecord> units, int notInOrganisation) {
        List<String> candidateIds = new ArrayList<>(units.size());
        for (UnitRecord unit : units) {
            candidateIds.add(unit.unitId());
        }
        return write(org, tx -> {
            lockEditable(tx, org, id, "given recipients");
            Instant now = now(); // under the lock: a recipient can never carry a time after a racing markSent's sentAt
            Set<String> existing = tx.existingRecipientUnitIds(id, candidateIds);
            List<UnitRecord> toAdd = new ArrayList<>(units.size() - existing.size());
            for (UnitRecord unit : units) {
                if (!existing.contains(unit.unitId())) {
                    toAdd.add(unit);
                }
            }
            if (!toAdd.isEmpty()) {
                long maxPosition = tx.recipientStats(id).maxPosition();
                List<Recipient> recipients = newRecipients(caller, id, toAdd, maxPosition, now);
                tx.insertRecipients(recipients);
                audit(tx, caller, now, List.of(recipientsAdded(id, recipients)));
            }
            return new AddRecipientsResult(toAdd.size(), units.size() - toAdd.size(), notInOrganisation);
        });
    }

    private List<Recipient> newRecipients(Caller caller, UUID communicationId, List<UnitRecord> units, long maxPosition,
                                          Instant now) {
        List<Recipient> recipients = new ArrayList<>(units.size());
        long position = maxPosition;
        for (UnitRecord unit : units) {
            position++;
            recipients.add(new Recipient(ids.next(), caller.organisationId(), communicationId, unit.unitId(), position,
                    snapshotText(unit.leaseholderName()), snapshotText(unit.leaseholderEmail()), DeliveryStatus.PENDING,
                    null, null, null, now, now, caller.userId()));
        }
        return recipients;
    }

    /**
     * Snapshots come from the host's directory; text a database cannot store faithfully would make the
     * whole call fail later, so it is refused up front with the field named.
     */
    private static String snapshotText(String value) {
        if (value != null) {
            Texts.requireWellFormed("leaseholder", value);
        }
        return value;
    }

    private static Pending recipientsAdded(UUID communicationId, List<Recipient> recipients) {
        List<String> unitIds = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            unitIds.add(r.unitId());
        }
        return new Pending(communicationId, null, AuditEventType.RECIPIENTS_ADDED,
                new Details().put("added", recipients.size()).map(), unitIds);
    }

    private static Details finishDetails(StoreTransaction tx, Communication finished) {
        Digests.RecipientSnapshots snapshots = new Digests.RecipientSnapshots();
        tx.forEachRecipient(finished.id(), snapshots::add);
        return new Details()
                .put("contentSha256", Digests.contentSha256(finished))
                .put("recipientCount", snapshots.count())
                .put("recipientsSha256", snapshots.hex());
    }

    private static void diff(List<String> changed, Details details, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
            details.put(field + ".old", before).put(field + ".new", after);
        }
    }

    private Communication lockEditable(StoreTransaction tx, String org, UUID id, String action) {
        Communication c = tx.lockCommunication(id).orElseThrow(() -> communicationNotFound(id));
        if (!c.status().isEditable()) {
            throw CommunicationCentreException.conflict("communication " + id + " is " + c.status().wireName()
                    + " and can no longer be " + action + ": a " + c.status().wireName() + " communication never changes");
        }
        return c;
    }

    private void audit(StoreTransaction tx, Caller caller, Instant now, List<Pending> events) {
        AuditChain.append(tx, linker, caller.userId(), now, ids, events);
    }

    private void checkScope(String org, String blockId, String unitId) {
        if (blockId != null && !call(() -> directory.blockBelongsTo(org, blockId))) {
            throw CommunicationCentreException.badRequest("blockId", "is not a block of this organisation");
        }
        if (unitId != null) {
            UnitRecord unit = findUnits(org, List.of(unitId)).get(unitId);
            if (unit == null) {
                throw CommunicationCentreException.badRequest("unitId", "is not a unit of this organisation");
            }
            if (blockId != null && !blockId.equals(unit.blockId())) {
                throw CommunicationCentreException.badRequest("unitId", "is not in the block given as blockId");
            }
        }
    }

    private Map<String, UnitRecord> findUnits(String org, Collection<String> unitIds) {
        Map<String, UnitRecord> found = call(() -> directory.findUnits(org, unitIds));
        return found == null ? Map.of() : found;
    }

    private String sanitizedBody(String body) {
        if (body == null) {
            return null;
        }
        Texts.requireWellFormed("bodyHtml", body);
        Texts.requireMaxLength("bodyHtml", body, BODY_MAX);
        return call(() -> htmlSanitizer.sanitize(body));
    }

    private static Instant futureInstant(String field, Instant value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant truncated = value.truncatedTo(ChronoUnit.MICROS);
        if (!truncated.isAfter(now)) {
            throw CommunicationCentreException.badRequest(field, "must be after the current time (" + now + "), was " + truncated);
        }
        if (truncated.isAfter(LATEST_INSTANT)) {
            throw CommunicationCentreException.badRequest(field, "must be no later than " + LATEST_INSTANT + ", was " + truncated);
        }
        return truncated;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static CommunicationFilter validFilter(CommunicationFilter filter) {
        CommunicationFilter f = Texts.requireNonNull("filter", filter);
        Texts.optionalHostId("filter.blockId", f.blockId());
        Texts.optionalHostId("filter.unitId", f.unitId());
        return f;
    }

    private static Map<String, Object> filterFields(CommunicationFilter f) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("blockId", f.blockId());
        fields.put("unitId", f.unitId());
        fields.put("communicationType", f.communicationType() == null ? null : f.communicationType().wireName());
        fields.put("status", f.status() == null ? null : f.status().wireName());
        return fields;
    }

    private static int validLimit(PageRequest page) {
        Texts.requireNonNull("page", page);
        if (page.limit() < 1 || page.limit() > PageRequest.MAX_LIMIT) {
            throw CommunicationCentreException.badRequest("limit", "must be 1 to " + PageRequest.MAX_LIMIT + " (was " + page.limit() + ")");
        }
        return page.limit();
    }

    private static String reader(Caller caller) {
        Texts.requireNonNull("caller", caller);
        Texts.hostId("caller.userId", caller.userId());
        return Texts.hostId("caller.organisationId", caller.organisationId());
    }

    private static String writer(Caller caller) {
        String org = reader(caller);
        if (!caller.isAdmin()) {
            throw CommunicationCentreException.forbidden("only an admin of the organisation may change communications");
        }
        return org;
    }

    private static CommunicationCentreException communicationNotFound(UUID id) {
        return CommunicationCentreException.notFound("communication " + id + " not found");
    }

    private static CommunicationCentreException concurrentChange(UUID id) {
        return CommunicationCentreException.conflict("communication " + id + " was changed concurrently: re-read and retry");
    }

    private <T> T write(String org, CommunicationStore.StoreWork<T> work) {
        return call(() -> store.write(org, work));
    }

    private <T> T read(String org, CommunicationStore.StoreWork<T> work) {
        return call(() -> store.read(org, work));
    }

    /** Whatever a port throws reaches the host as our one exception type, with the cause attached. */
    private static <T> T call(Supplier<T> portCall) {
        try {
            return portCall.get();
        } catch (CommunicationCentreException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("a port of the Communications Centre failed", e);
            throw CommunicationCentreException.unavailable("the store or the property directory failed: " + e.getMessage(), e);
        }
    }
}
