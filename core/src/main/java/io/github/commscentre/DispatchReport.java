package io.github.commscentre;

/**
 * What one {@link CommunicationCentre#dispatchDue()} round did, summed over every organisation.
 *
 * @param started     scheduled communications that fell due and began sending
 * @param batches     batches handed to delivery channels, and recorded
 * @param accepted    recipients whose messages a provider accepted
 * @param failed      recipients that failed: rejected by the provider, unreachable on the channel, or out of retries
 * @param retried     recipients answered try later, to be tried again after a pause
 * @param finished    communications that became sent or failed
 * @param lostClaims  outcomes not recorded because this dispatcher's lease lapsed and another took the recipients over
 *                    (0 unless a channel took longer than the lease)
 */
public record DispatchReport(long started, long batches, long accepted, long failed, long retried, long finished,
                             long lostClaims) {

    /** A round that found nothing to do. */
    public static final DispatchReport NOTHING = new DispatchReport(0, 0, 0, 0, 0, 0, 0);

    /** @param other another round's report @return the sums of both */
    public DispatchReport plus(DispatchReport other) {
        return new DispatchReport(started + other.started, batches + other.batches, accepted + other.accepted,
                failed + other.failed, retried + other.retried, finished + other.finished, lostClaims + other.lostClaims);
    }
}
