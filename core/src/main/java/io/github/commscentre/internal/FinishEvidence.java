package io.github.commscentre.internal;

import io.github.commscentre.Communication;
import io.github.commscentre.internal.AuditChain.Details;
import io.github.commscentre.spi.StoreTransaction;

/**
 * The evidence a {@code sent} or {@code failed} event holds, whoever finished the communication (a host's
 * {@code markSent}, or the dispatcher): digests of the content as stored from then on and of who it went to, which
 * {@code verifyAuditTrail} later compares with the stored rows.
 */
final class FinishEvidence {

    private FinishEvidence() {
    }

    /** @return the details of the finishing event, to which the caller adds when and why */
    static Details details(StoreTransaction tx, Communication finished) {
        Digests.RecipientSnapshots snapshots = new Digests.RecipientSnapshots(Digests.RECIPIENTS_VERSION);
        tx.forEachRecipient(finished.id(), snapshots::add);
        return new Details()
                .put("contentSha256", Digests.contentSha256(finished))
                .put("recipientCount", snapshots.count())
                .put("recipientsSha256", snapshots.hex())
                .put(Digests.RECIPIENTS_VERSION_KEY, Digests.RECIPIENTS_VERSION);
    }
}
