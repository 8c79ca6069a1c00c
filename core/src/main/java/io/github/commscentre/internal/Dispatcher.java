package io.github.commscentre.internal;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.DispatchReport;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.Recipient;
import io.github.commscentre.internal.AuditChain.Pending;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.RecipientStats;
import io.github.commscentre.spi.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends what is due, on as many instances as the host runs: finds organisations with due communications, starts the
 * scheduled ones that fell due, claims batches of pending recipients with leases, hands each batch to the channel and
 * records its outcomes, and finishes a communication once every recipient has an outcome. Every step is a short
 * transaction of the store's own for one organisation; the channel is called outside any transaction. See
 * {@code docs/dispatch.md} for what is exactly once and what at least once.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Organisations, and communications of one organisation, taken up in one round; the next round takes the rest. */
    static final int ORGANISATIONS_PER_ROUND = 100;
    static final int COMMUNICATIONS_PER_ORGANISATION = 20;

    private static final String DISPATCHER = CommunicationCentre.DISPATCHER_USER_ID;

    private final Ports ports;
    private final Now now;
    private final AuditLog audit;
    private final DeliveryChannels channels;
    private final DispatchSettings settings;
    private final SendingStart sending;
    private final DispatchBatch batches;
    private final RateLimits rateLimits;
    /** Sending communications this instance has no channel for, and has said so about. */
    private final java.util.Set<UUID> unservedWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Dispatcher(Ports ports, Now now, AuditLog audit, DeliveryChannels channels, DispatchSettings settings,
               SendingStart sending, ChannelCalls calls, CorrelationTokens tokens) {
        this.ports = ports;
        this.now = now;
        this.audit = audit;
        this.channels = channels;
        this.settings = settings;
        this.sending = sending;
        this.rateLimits = new RateLimits(settings.rateLimits());
        this.batches = new DispatchBatch(ports, now, audit, settings, calls, rateLimits, tokens);
    }

    DispatchReport dispatchDue() {
        DispatchReport report = DispatchReport.NOTHING;
        for (String org : ports.organisationsWithDueCommunications(now.instant(), ORGANISATIONS_PER_ROUND)) {
            report = report.plus(dispatchOrganisation(org));
        }
        return report;
    }

    DispatchReport dispatchOrganisation(String org) {
        DispatchReport report = DispatchReport.NOTHING;
        List<Communication> due = ports.readDetached(org, tx -> tx.dueCommunications(now.instant(),
                COMMUNICATIONS_PER_ORGANISATION));
        for (Communication found : due) {
            Communication c = found;
            if (c.status() == CommunicationStatus.SCHEDULED) {
                c = ports.writeDetached(org, tx -> sending.startIfDue(tx, found.id(), DISPATCHER));
                if (c == null) {
                    continue; // another dispatcher started it, or the host changed it
                }
                report = report.plus(new DispatchReport(1, 0, 0, 0, 0, c.status() == CommunicationStatus.FAILED ? 1 : 0, 0));
            }
            if (c.status() == CommunicationStatus.SENDING) {
                report = report.plus(dispatchCommunication(c));
            }
        }
        return report;
    }

    private DispatchReport dispatchCommunication(Communication c) {
        Optional<DeliveryChannel> channel = channels.get(c.channel());
        if (channel.isEmpty()) {
            // said once per communication: every round would repeat it
            if (unservedWarned.size() >= 10_000 || unservedWarned.add(c.id())) {
                LOG.warn("communication {} of {} is sending on channel '{}', which this instance has no delivery channel"
                        + " for: left to an instance that has", c.id(), c.organisationId(), c.channel());
            }
            return DispatchReport.NOTHING;
        }
        long batchCount = 0;
        long accepted = 0;
        long failed = 0;
        long retried = 0;
        long lost = 0;
        int batchSize = rateLimits.batchSize(c.channel(), settings.batchSize());
        while (true) {
            Instant at = now.instant();
            UUID claim = UUID.randomUUID();
            List<Recipient> batch = ports.writeDetached(c.organisationId(),
                    tx -> tx.claimRecipients(c.id(), at, claim, at.plus(settings.lease()), batchSize));
            if (batch.isEmpty()) {
                break;
            }
            DispatchBatch.Result result;
            try {
                result = batches.run(DISPATCHER, c, channel.get(), claim, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommunicationCentreException.unavailable("dispatch was interrupted; the claimed recipients are taken"
                        + " up again when their lease ends", e);
            }
            batchCount++;
            accepted += result.accepted();
            failed += result.failed();
            retried += result.retried();
            lost += result.lost();
        }
        boolean finished = ports.writeDetached(c.organisationId(), tx -> finishIfDone(tx, c.id()));
        return new DispatchReport(0, batchCount, accepted, failed, retried, finished ? 1 : 0, lost);
    }

    /**
     * Finishes a sending communication whose every recipient has an outcome: {@code sent} if any was accepted (or got
     * further), {@code failed} if every one failed.
     *
     * @return whether it finished it
     */
    private boolean finishIfDone(StoreTransaction tx, UUID id) {
        Communication c = tx.lockCommunication(id).orElse(null);
        if (c == null || c.status() != CommunicationStatus.SENDING) {
            return false;
        }
        RecipientStats stats = tx.recipientStats(id);
        if (stats.byStatus().get(DeliveryStatus.PENDING) > 0) {
            return false; // some wait for a retry, or are leased by another dispatcher
        }
        Instant at = now.instant();
        long failed = stats.byStatus().get(DeliveryStatus.FAILED);
        Communication finished;
        Pending event;
        if (failed < stats.total()) {
            finished = c.sent(at, c.sentBy()).nextVersion(at);
            event = new Pending(id, AuditEventType.SENT, FinishEvidence.details(tx, finished).put("sentAt", at)
                    .put("failedRecipients", failed).map());
        } else {
            finished = c.failed(at, "nothing was sent: every one of the " + stats.total() + " recipients failed")
                    .nextVersion(at);
            event = new Pending(id, AuditEventType.FAILED, FinishEvidence.details(tx, finished).put("failedAt", at)
                    .put("reason", finished.failureReason()).map());
        }
        StoredCommunications.replace(tx, finished, c.version());
        audit.append(tx, DISPATCHER, at, List.of(event));
        return true;
    }
}
