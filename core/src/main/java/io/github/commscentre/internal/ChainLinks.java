package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.AuditFinding.Kind;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.MalformedAuditEvent;

/**
 * The chain itself, read in sequence order: sequences dense from 1, every event of the organisation, linked to the
 * hash of the one before, its hash recomputed from its content; and the recorded head at the last event. Holds three
 * values whatever the length of the chain.
 */
final class ChainLinks {

    private final String organisationId;
    private final VerificationFindings findings;
    private long checked;
    private long expectedSequence = 1;
    private long lastSequence;
    /** The stored hash of the last event read, which the next must link to; {@code null} when unreadable. */
    private String previousHash = AuditEvent.GENESIS_HASH;

    ChainLinks(String organisationId, VerificationFindings findings) {
        this.organisationId = organisationId;
        this.findings = findings;
    }

    /** @return how many linked events were read, malformed ones included */
    long checked() {
        return checked;
    }

    void accept(AuditEvent e) {
        long sequence = e.sequence();
        boolean inPlace = checkPlace(sequence);
        if (!organisationId.equals(e.organisationId())) {
            findings.add(Kind.CHAIN, sequence, e.communicationId(), "event " + sequence + " names another organisation");
        }
        if (inPlace && !e.previousHash().equals(previousHash)) {
            findings.add(Kind.CHAIN, sequence, e.communicationId(),
                    "event " + sequence + " does not link to the hash of event " + (sequence - 1));
        }
        if (!AuditChain.expectedHash(e).equals(e.hash())) {
            findings.add(Kind.CHAIN, sequence, e.communicationId(),
                    "event " + sequence + " was altered: its hash does not match its content");
        }
        moveTo(sequence, e.hash());
    }

    /** A row that cannot be read is reported; the chain is still followed through the hashes it stores. */
    void acceptMalformed(MalformedAuditEvent row) {
        long sequence = row.sequence();
        boolean inPlace = checkPlace(sequence);
        findings.add(Kind.MALFORMED_EVENT, sequence, row.communicationId(),
                "event " + sequence + " cannot be read: " + row.problem());
        if (inPlace && row.previousHash() != null && !row.previousHash().equals(previousHash)) {
            findings.add(Kind.CHAIN, sequence, row.communicationId(),
                    "event " + sequence + " does not link to the hash of event " + (sequence - 1));
        }
        moveTo(sequence, row.hash());
    }

    /** The head is written with the last link of every linking transaction: it must name the last event read. */
    void checkHead(AuditChainHead head) {
        if (head.lastSequence() != lastSequence) {
            findings.add(Kind.CHAIN, Math.min(head.lastSequence(), lastSequence) + 1, null,
                    head.lastSequence() > lastSequence
                            ? "the chain ends at event " + lastSequence + " but its head records event " + head.lastSequence()
                            : "event " + (head.lastSequence() + 1) + " lies beyond the recorded head of the chain");
        } else if (!head.lastHash().equals(previousHash)) {
            findings.add(Kind.CHAIN, Math.max(lastSequence, 1), null,
                    "the last event's hash does not match the recorded head of the chain");
        }
    }

    /** @return whether the event sits where the chain expects it; a gap or a repeat is reported once, where it is */
    private boolean checkPlace(long sequence) {
        checked++;
        if (sequence == expectedSequence) {
            return true;
        }
        findings.add(Kind.CHAIN, Math.min(sequence, expectedSequence), null, sequence > expectedSequence
                ? "event " + expectedSequence + " is missing"
                : "event " + sequence + " appears out of order");
        return false;
    }

    private void moveTo(long sequence, String hash) {
        expectedSequence = sequence + 1;
        lastSequence = sequence;
        previousHash = hash;
    }
}
