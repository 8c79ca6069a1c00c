package io.github.commscentre.boot;

import io.github.commscentre.AddRecipientsResult;
import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
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
import io.github.commscentre.EvidencePack;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.Page;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.SignedCheckpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The facade with Micrometer around it: every call timed by name and outcome ({@code commscentre.calls}, outcome
 * {@code ok} or the error code), what each dispatch round did ({@code commscentre.dispatch.*}), and each provider
 * event's outcome ({@code commscentre.provider.events}). It only measures: every call goes to the facade unchanged.
 */
final class MeteredCommunicationCentre implements CommunicationCentre {

    static final String CALLS = "commscentre.calls";
    static final String DISPATCH_RECIPIENTS = "commscentre.dispatch.recipients";
    static final String DISPATCH_BATCHES = "commscentre.dispatch.batches";
    static final String DISPATCH_COMMUNICATIONS = "commscentre.dispatch.communications";
    static final String PROVIDER_EVENTS = "commscentre.provider.events";

    private final CommunicationCentre centre;
    private final MeterRegistry registry;

    MeteredCommunicationCentre(CommunicationCentre centre, MeterRegistry registry) {
        this.centre = centre;
        this.registry = registry;
    }

    /** @return the facade this one measures */
    CommunicationCentre unwrap() {
        return centre;
    }

    private <T> T timed(String call, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return work.get();
        } catch (CommunicationCentreException e) {
            outcome = e.code().name().toLowerCase(Locale.ROOT);
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder(CALLS)
                    .description("Calls of the Communications Centre's facade, by call and outcome")
                    .tag("call", call)
                    .tag("outcome", outcome)
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void timed(String call, Runnable work) {
        timed(call, () -> {
            work.run();
            return null;
        });
    }

    private DispatchReport counted(DispatchReport report) {
        count(DISPATCH_RECIPIENTS, "outcome", "accepted", report.accepted());
        count(DISPATCH_RECIPIENTS, "outcome", "failed", report.failed());
        count(DISPATCH_RECIPIENTS, "outcome", "retried", report.retried());
        count(DISPATCH_RECIPIENTS, "outcome", "lost_claim", report.lostClaims());
        count(DISPATCH_BATCHES, null, null, report.batches());
        count(DISPATCH_COMMUNICATIONS, "event", "started", report.started());
        count(DISPATCH_COMMUNICATIONS, "event", "finished", report.finished());
        return report;
    }

    private void count(String name, String tag, String value, long amount) {
        Counter.Builder counter = Counter.builder(name);
        if (tag != null) {
            counter.tag(tag, value);
        }
        counter.register(registry).increment(amount);
    }

    private List<DeliveryEvent.Result> counted(DeliveryProvider provider, List<DeliveryEvent.Result> results) {
        for (DeliveryEvent.Result result : results) {
            Counter.builder(PROVIDER_EVENTS)
                    .description("Provider events applied through applyDeliveryEvents, by provider and outcome")
                    .tag("provider", provider.name())
                    .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                    .register(registry)
                    .increment();
        }
        return results;
    }

    @Override
    public Page<CommunicationSummary> list(Caller caller, CommunicationFilter filter, PageRequest page) {
        return timed("list", () -> centre.list(caller, filter, page));
    }

    @Override
    public long count(Caller caller, CommunicationFilter filter) {
        return timed("count", () -> centre.count(caller, filter));
    }

    @Override
    public Map<CommunicationType, Long> countByType(Caller caller, CommunicationFilter filter) {
        return timed("countByType", () -> centre.countByType(caller, filter));
    }

    @Override
    public CommunicationDetails getById(Caller caller, UUID communicationId) {
        return timed("getById", () -> centre.getById(caller, communicationId));
    }

    @Override
    public Recipient getRecipient(Caller caller, UUID recipientId) {
        return timed("getRecipient", () -> centre.getRecipient(caller, recipientId));
    }

    @Override
    public AuditVerification verifyAuditTrail(Caller caller, Collection<SignedCheckpoint> checkpoints) {
        return timed("verifyAuditTrail", () -> centre.verifyAuditTrail(caller, checkpoints));
    }

    @Override
    public SignedCheckpoint checkpoint(Caller caller) {
        return timed("checkpoint", () -> centre.checkpoint(caller));
    }

    @Override
    public EvidencePack evidencePack(Caller caller, UUID communicationId) {
        return timed("evidencePack", () -> centre.evidencePack(caller, communicationId));
    }

    @Override
    public Recipient erasePersonalData(Caller caller, UUID recipientId) {
        return timed("erasePersonalData", () -> centre.erasePersonalData(caller, recipientId));
    }

    @Override
    public long exportAuditTrail(Caller caller, Appendable out) {
        return timed("exportAuditTrail", () -> centre.exportAuditTrail(caller, out));
    }

    @Override
    public Communication create(Caller caller, NewCommunication input) {
        return timed("create", () -> centre.create(caller, input));
    }

    @Override
    public Communication update(Caller caller, UUID communicationId, CommunicationChanges changes) {
        return timed("update", () -> centre.update(caller, communicationId, changes));
    }

    @Override
    public Communication markSent(Caller caller, UUID communicationId) {
        return timed("markSent", () -> centre.markSent(caller, communicationId));
    }

    @Override
    public Communication send(Caller caller, UUID communicationId) {
        return timed("send", () -> centre.send(caller, communicationId));
    }

    @Override
    public DispatchReport dispatchDue() {
        return timed("dispatchDue", () -> counted(centre.dispatchDue()));
    }

    @Override
    public DispatchReport dispatchDue(String organisationId) {
        return timed("dispatchDue", () -> counted(centre.dispatchDue(organisationId)));
    }

    /**
     * The facade's own poller calls the unmeasured facade; the starter runs rounds through this one instead
     * ({@code commscentre.dispatch.enabled}), so prefer that.
     */
    @Override
    public DispatchPoller startDispatchPoller(Duration interval) {
        return centre.startDispatchPoller(interval);
    }

    @Override
    public List<DeliveryEvent.Result> applyDeliveryEvents(DeliveryProvider provider, List<DeliveryEvent> events) {
        return timed("applyDeliveryEvents", () -> counted(provider, centre.applyDeliveryEvents(provider, events)));
    }

    @Override
    public byte[] letter(Caller caller, UUID communicationId, UUID recipientId) {
        return timed("letter", () -> centre.letter(caller, communicationId, recipientId));
    }

    @Override
    public byte[] letterPreview(Caller caller, UUID communicationId) {
        return timed("letterPreview", () -> centre.letterPreview(caller, communicationId));
    }

    @Override
    public Communication markFailed(Caller caller, UUID communicationId, String reason) {
        return timed("markFailed", () -> centre.markFailed(caller, communicationId, reason));
    }

    @Override
    public void delete(Caller caller, UUID communicationId) {
        timed("delete", () -> centre.delete(caller, communicationId));
    }

    @Override
    public Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients) {
        return timed("duplicate", () -> centre.duplicate(caller, communicationId, includeRecipients));
    }

    @Override
    public AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds) {
        return timed("addRecipients", () -> centre.addRecipients(caller, communicationId, unitIds));
    }

    @Override
    public AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId) {
        return timed("addBlockRecipients", () -> centre.addBlockRecipients(caller, communicationId));
    }

    @Override
    public Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page) {
        return timed("listRecipients", () -> centre.listRecipients(caller, communicationId, filter, page));
    }

    @Override
    public Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason) {
        return timed("updateRecipientStatus", () -> centre.updateRecipientStatus(caller, recipientId, status, failureReason));
    }

    @Override
    public List<AuditEvent> auditTrail(Caller caller, UUID communicationId) {
        return timed("auditTrail", () -> centre.auditTrail(caller, communicationId));
    }

    @Override
    public AuditVerification verifyAuditTrail(Caller caller) {
        return timed("verifyAuditTrail", () -> centre.verifyAuditTrail(caller));
    }

    @Override
    public long linkPendingAuditEvents() {
        return timed("linkPendingAuditEvents", centre::linkPendingAuditEvents);
    }

    @Override
    public String toString() {
        return "Metered[" + centre + "]";
    }
}
