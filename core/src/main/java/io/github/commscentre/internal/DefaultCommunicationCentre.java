package io.github.commscentre.internal;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationChanges;
import io.github.commscentre.CommunicationDetails;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.CommunicationSummary;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryEvent;
import io.github.commscentre.DeliveryProvider;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchPoller;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.HtmlSanitizer;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.PropertyDirectory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The facade: it wires the use cases to the ports and hands each call to its use case. Every rule of the
 * contract lives in those use cases; stores only keep data atomically. Each call checks, in this order, the
 * arguments and the caller, the role, the input, then (inside one unit of work) existence and state, and only
 * then writes: so a rejected call has written nothing.
 */
public final class DefaultCommunicationCentre implements CommunicationCentre {

    private final AuditLinker linker;
    private final Ports ports;
    private final Reading reading;
    private final ReadingAuditTrail auditTrail;
    private final Creating creating;
    private final Editing editing;
    private final Finishing finishing;
    private final Deleting deleting;
    private final Duplicating duplicating;
    private final AddingRecipients addingRecipients;
    private final TrackingDelivery trackingDelivery;
    private final Sending sending;
    private final Dispatcher dispatcher;
    private final DispatchSettings dispatchSettings;
    private final ApplyingDeliveryEvents applyingDeliveryEvents;
    private final RenderingLetters renderingLetters;
    private final Checkpointing checkpointing;
    private final ErasingPersonalData erasing;
    private final MakingEvidencePacks evidencePacks;

    /** How long a committed audit event may stay pending before verification reports it, unless the host says. */
    public static final Duration DEFAULT_AUDIT_LINKING_BOUND = Duration.ofMinutes(10);

    /**
     * @param store         where data lives
     * @param directory     the host's blocks, units and leaseholders
     * @param clock         the only source of time
     * @param htmlSanitizer cleans bodies before they are stored
     * @param cursorKey     signs listing cursors: at least 32 bytes, or {@code null} for a random key of this instance
     */
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock,
                                      HtmlSanitizer htmlSanitizer, byte[] cursorKey) {
        this(store, directory, clock, htmlSanitizer, DEFAULT_AUDIT_LINKING_BOUND, cursorKey);
    }

    /**
     * @param store             where data lives
     * @param directory         the host's blocks, units and leaseholders
     * @param clock             the only source of time
     * @param htmlSanitizer     cleans bodies before they are stored
     * @param auditLinkingBound how long a committed audit event may stay pending before verification reports it
     * @param cursorKey         signs listing cursors: at least 32 bytes, or {@code null} for a random key of this instance
     */
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock,
                                      HtmlSanitizer htmlSanitizer, Duration auditLinkingBound, byte[] cursorKey) {
        this(store, directory, clock, htmlSanitizer, auditLinkingBound, cursorKey, Map.of(), DispatchSettings.defaults(),
                null, null);
    }

    /**
     * @param store             where data lives
     * @param directory         the host's blocks, units and leaseholders
     * @param clock             the only source of time
     * @param htmlSanitizer     cleans bodies before they are stored
     * @param auditLinkingBound how long a committed audit event may stay pending before verification reports it
     * @param cursorKey         signs listing cursors: at least 32 bytes, or {@code null} for a random key of this instance
     * @param deliveryChannels  the delivery channels by channel name
     * @param dispatchSettings  how the dispatcher works
     * @param correlationKey    signs correlation tokens: at least 32 bytes, or {@code null} for a random key of this instance
     * @param letterRenderer    renders letters, or {@code null} when the host has none
     */
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock,
                                      HtmlSanitizer htmlSanitizer, Duration auditLinkingBound, byte[] cursorKey,
                                      Map<String, DeliveryChannel> deliveryChannels, DispatchSettings dispatchSettings,
                                      byte[] correlationKey, LetterRenderer letterRenderer) {
        this(store, directory, clock, htmlSanitizer, auditLinkingBound, cursorKey, deliveryChannels, dispatchSettings,
                correlationKey, letterRenderer, EvidenceSettings.none());
    }

    /**
     * @param store             where data lives
     * @param directory         the host's blocks, units and leaseholders
     * @param clock             the only source of time
     * @param htmlSanitizer     cleans bodies before they are stored
     * @param auditLinkingBound how long a committed audit event may stay pending before verification reports it
     * @param cursorKey         signs listing cursors: at least 32 bytes, or {@code null} for a random key of this instance
     * @param deliveryChannels  the delivery channels by channel name
     * @param dispatchSettings  how the dispatcher works
     * @param correlationKey    signs correlation tokens: at least 32 bytes, or {@code null} for a random key of this instance
     * @param letterRenderer    renders letters, or {@code null} when the host has none
     * @param evidence          the checkpoint key, publisher and policy ({@link EvidenceSettings#none()} for none)
     */
    public DefaultCommunicationCentre(CommunicationStore store, PropertyDirectory directory, Clock clock,
                                      HtmlSanitizer htmlSanitizer, Duration auditLinkingBound, byte[] cursorKey,
                                      Map<String, DeliveryChannel> deliveryChannels, DispatchSettings dispatchSettings,
                                      byte[] correlationKey, LetterRenderer letterRenderer, EvidenceSettings evidence) {
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(evidence, "evidence must not be null");
        Objects.requireNonNull(directory, "directory must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(htmlSanitizer, "htmlSanitizer must not be null");
        Objects.requireNonNull(auditLinkingBound, "auditLinkingBound must not be null");
        Ports ports = new Ports(store, directory);
        Now now = new Now(clock);
        UuidV7 ids = new UuidV7(clock); // one generator for every id, so that ids keep increasing across use cases
        AuditTreeGrowth growth = new AuditTreeGrowth(evidence, now);
        this.linker = new AuditLinker(store, growth);
        this.ports = ports;
        AuditLog audit = new AuditLog(ids, linker);
        CommunicationInput input = new CommunicationInput(htmlSanitizer);
        NewRecipients newRecipients = new NewRecipients(ids);
        this.reading = new Reading(ports, new Cursors(cursorKey));
        this.auditTrail = new ReadingAuditTrail(ports, now, auditLinkingBound, evidence);
        this.checkpointing = new Checkpointing(ports, linker, growth, evidence);
        this.erasing = new ErasingPersonalData(ports, now, audit);
        this.evidencePacks = new MakingEvidencePacks(ports, now, checkpointing, evidence);
        this.creating = new Creating(ports, input, now, ids, audit);
        this.editing = new Editing(ports, input, now, audit);
        this.finishing = new Finishing(ports, now, audit);
        this.deleting = new Deleting(ports, now, audit);
        this.duplicating = new Duplicating(ports, input, now, ids, newRecipients, audit);
        this.addingRecipients = new AddingRecipients(ports, now, newRecipients, audit);
        this.trackingDelivery = new TrackingDelivery(ports, now, audit);
        DeliveryChannels channels = new DeliveryChannels(Objects.requireNonNull(deliveryChannels, "deliveryChannels"));
        this.dispatchSettings = Objects.requireNonNull(dispatchSettings, "dispatchSettings must not be null");
        SendingStart start = new SendingStart(now, audit, channels);
        this.sending = new Sending(ports, now, start);
        CorrelationTokens tokens = new CorrelationTokens(correlationKey);
        this.dispatcher = new Dispatcher(ports, now, audit, channels, dispatchSettings, start,
                new ChannelCalls(dispatchSettings.channelTimeout()), tokens);
        this.applyingDeliveryEvents = new ApplyingDeliveryEvents(ports, now, audit, tokens);
        this.renderingLetters = new RenderingLetters(ports, letterRenderer);
    }

    @Override
    public Communication send(Caller caller, UUID communicationId) {
        return sending.send(caller, communicationId);
    }

    @Override
    public List<DeliveryEvent.Result> applyDeliveryEvents(DeliveryProvider provider, List<DeliveryEvent> events) {
        return applyingDeliveryEvents.apply(provider, events);
    }

    @Override
    public byte[] letter(Caller caller, UUID communicationId, UUID recipientId) {
        return renderingLetters.letter(caller, communicationId, recipientId);
    }

    @Override
    public byte[] letterPreview(Caller caller, UUID communicationId) {
        return renderingLetters.preview(caller, communicationId);
    }

    @Override
    public DispatchReport dispatchDue() {
        return dispatcher.dispatchDue();
    }

    @Override
    public DispatchReport dispatchDue(String organisationId) {
        return dispatcher.dispatchOrganisation(Texts.hostId("organisationId", organisationId));
    }

    @Override
    public DispatchPoller startDispatchPoller(Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("the poller's interval must be at least 10 milliseconds: " + interval);
        }
        return new PollingDispatcher(dispatcher::dispatchDue, interval,
                dispatchSettings.channelTimeout().plusSeconds(10));
    }

    @Override
    public Page<CommunicationSummary> list(Caller caller, CommunicationFilter filter, PageRequest page) {
        return reading.list(caller, filter, page);
    }

    @Override
    public long count(Caller caller, CommunicationFilter filter) {
        return reading.count(caller, filter);
    }

    @Override
    public Map<CommunicationType, Long> countByType(Caller caller, CommunicationFilter filter) {
        return reading.countByType(caller, filter);
    }

    @Override
    public Recipient getRecipient(Caller caller, UUID recipientId) {
        return reading.getRecipient(caller, recipientId);
    }

    @Override
    public long exportAuditTrail(Caller caller, Appendable out) {
        return auditTrail.exportAuditTrail(caller, out);
    }

    @Override
    public CommunicationDetails getById(Caller caller, UUID communicationId) {
        return reading.getById(caller, communicationId);
    }

    @Override
    public Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page) {
        return reading.listRecipients(caller, communicationId, filter, page);
    }

    @Override
    public List<AuditEvent> auditTrail(Caller caller, UUID communicationId) {
        return auditTrail.auditTrail(caller, communicationId);
    }

    @Override
    public AuditVerification verifyAuditTrail(Caller caller) {
        return auditTrail.verifyAuditTrail(caller);
    }

    @Override
    public AuditVerification verifyAuditTrail(Caller caller, Collection<SignedCheckpoint> checkpoints) {
        return auditTrail.verifyAuditTrail(caller, checkpoints);
    }

    @Override
    public EvidencePack evidencePack(Caller caller, UUID communicationId) {
        return evidencePacks.evidencePack(caller, communicationId);
    }

    @Override
    public Recipient erasePersonalData(Caller caller, UUID recipientId) {
        return erasing.erase(caller, recipientId);
    }

    @Override
    public SignedCheckpoint checkpoint(Caller caller) {
        return checkpointing.checkpoint(caller);
    }

    @Override
    public long linkPendingAuditEvents() {
        return ports.linkPending(linker);
    }

    @Override
    public Communication create(Caller caller, NewCommunication input) {
        return creating.create(caller, input);
    }

    @Override
    public Communication update(Caller caller, UUID communicationId, CommunicationChanges changes) {
        return editing.update(caller, communicationId, changes);
    }

    @Override
    public Communication markSent(Caller caller, UUID communicationId) {
        return finishing.markSent(caller, communicationId);
    }

    @Override
    public Communication markFailed(Caller caller, UUID communicationId, String reason) {
        return finishing.markFailed(caller, communicationId, reason);
    }

    @Override
    public void delete(Caller caller, UUID communicationId) {
        deleting.delete(caller, communicationId);
    }

    @Override
    public Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients) {
        return duplicating.duplicate(caller, communicationId, includeRecipients);
    }

    @Override
    public AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds) {
        return addingRecipients.addRecipients(caller, communicationId, unitIds);
    }

    @Override
    public AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId) {
        return addingRecipients.addBlockRecipients(caller, communicationId);
    }

    @Override
    public Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason) {
        return trackingDelivery.updateRecipientStatus(caller, recipientId, status, failureReason);
    }
}
