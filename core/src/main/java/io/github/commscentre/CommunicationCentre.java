package io.github.commscentre;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Communications Centre: write, schedule, send and track letters and emails to leaseholders,
 * with a tamper-evident audit trail of who sent what, to whom, and when.
 *
 * <p>Build one per application with {@link #builder()} and share it: it is thread-safe. Every call
 * takes the authenticated {@link Caller}; members may read, only admins may write
 * ({@link ErrorCode#FORBIDDEN} otherwise). Anything of another organisation, or that does not exist,
 * is {@link ErrorCode#NOT_FOUND}. Every call is atomic: when it throws, nothing of it was stored,
 * audit events included. Every failure is a {@link CommunicationCentreException}.
 */
public interface CommunicationCentre {

    /** @return a builder; a store and a property directory are required */
    static CommunicationCentreBuilder builder() {
        return new CommunicationCentreBuilder();
    }

    /**
     * Lists the organisation's communications, newest first (by creation instant, then id), one keyset page at a time,
     * as summaries: every field but the body, so that a page of 100 costs kilobytes whatever the bodies hold.
     * {@link #getById} gives a communication with its body.
     *
     * @param caller a member or admin
     * @param filter which communications; {@link CommunicationFilter#all()} for every one
     * @param page   the first page or the page after a cursor
     * @return the page
     */
    Page<CommunicationSummary> list(Caller caller, CommunicationFilter filter, PageRequest page);

    /**
     * Every communication the filter matches, newest first, as {@link #list} gives them, without cursor plumbing: a lazy
     * stream that reads the next keyset page (of {@link PageRequest#MAX_LIMIT}) only when it is reached. The first page
     * is read at once, so a refused call throws here; a later page may throw when it is read (a store failure). Paging
     * neither repeats nor skips a communication that existed when the first page was read. Each page is a call of its
     * own: inside the host's transaction each sees what the host wrote so far.
     *
     * <pre>{@code
     * centre.listAll(admin, CommunicationFilter.byType(CommunicationType.AGM_NOTICE))
     *         .filter(c -> c.status() == CommunicationStatus.DRAFT)
     *         .forEach(c -> remind(c));
     * }</pre>
     *
     * @param caller a member or admin
     * @param filter which communications; {@link CommunicationFilter#all()} for every one
     * @return the summaries, in listing order
     */
    default Stream<CommunicationSummary> listAll(Caller caller, CommunicationFilter filter) {
        return KeysetPages.stream(page -> list(caller, filter, page));
    }

    /**
     * @param caller a member or admin
     * @param filter which communications
     * @return how many of the organisation's communications match
     */
    long count(Caller caller, CommunicationFilter filter);

    /**
     * How many of the organisation's communications match the filter, for each type, counted on one view, so that the
     * counts add up to {@link #count} of the same filter. Every type has an entry (zero when none matches); a filter
     * that names a type counts zero for the others.
     *
     * @param caller a member or admin
     * @param filter which communications; {@link CommunicationFilter#all()} for every one
     * @return the counts by type, in the order of {@link CommunicationType}; unmodifiable
     */
    Map<CommunicationType, Long> countByType(Caller caller, CommunicationFilter filter);

    /**
     * @param caller          a member or admin
     * @param communicationId the communication
     * @return the communication with its recipient count, per-status counts and recipients without email
     */
    CommunicationDetails getById(Caller caller, UUID communicationId);

    /**
     * Creates a draft, or a scheduled communication when {@code scheduledAt} is given. Appends a {@code created} event.
     *
     * @param caller an admin
     * @param input  the new communication
     * @return the stored communication
     */
    Communication create(Caller caller, NewCommunication input);

    /**
     * Edits a draft or scheduled communication. An omitted field stays; a change that changes nothing stores
     * nothing and appends no event. Sent or failed: {@link ErrorCode#CONFLICT}.
     *
     * @param caller          an admin
     * @param communicationId the communication
     * @param changes         the fields to change
     * @return the communication after the change
     */
    Communication update(Caller caller, UUID communicationId, CommunicationChanges changes);

    /**
     * Marks a draft or scheduled communication sent, recording sentAt and the sending user. From then on the
     * communication and its recipients never change. The {@code sent} event carries SHA-256 digests of the content
     * and of the recipient snapshots.
     *
     * @param caller          an admin
     * @param communicationId the communication
     * @return the sent communication
     */
    Communication markSent(Caller caller, UUID communicationId);

    /**
     * Sends a draft or scheduled communication now: it becomes {@code sending} at once, its content and recipients
     * frozen, and the dispatcher ({@link #dispatchDue()}, or the poller) hands its messages to the delivery channel
     * registered for its channel. When nothing can be sent (no delivery channel registered for its channel, no
     * recipients), it goes on to {@code failed} in the same call, with the reason, and nothing is handed to any channel.
     * A {@code dispatch_started} event records the channel, the recipient count and the content's digest.
     *
     * @param caller          an admin; named as the one who sent it ({@code sentBy})
     * @param communicationId the communication
     * @return the communication, sending (or failed)
     * @throws CommunicationCentreException {@code CONFLICT} when it is sending, sent or failed already
     */
    Communication send(Caller caller, UUID communicationId);

    /**
     * One dispatch round, for a host's own scheduler: starts every scheduled communication that has fallen due, in the
     * dispatcher's name ({@link #DISPATCHER_USER_ID}), and sends what is waiting of every sending one, in every
     * organisation: batches of recipients claimed with leases, handed to their channel, outcomes recorded. Safe on any
     * number of instances at once. Recipients answered "try later" wait for a later round.
     *
     * @return what the round did
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the store fails; what was recorded stays, and a
     *         later round resumes
     */
    DispatchReport dispatchDue();

    /**
     * One dispatch round for one organisation only: what {@link #dispatchDue()} does there. For a host that schedules
     * work per organisation (a tenant's own job), and for tests that share a store with other organisations.
     *
     * @param organisationId the organisation
     * @return what the round did
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code organisationId} when it is not a valid host
     *         id; {@code UNAVAILABLE} when the store fails
     */
    DispatchReport dispatchDue(String organisationId);

    /**
     * Starts the built-in poller: {@link #dispatchDue()} on a daemon thread, now and then again {@code interval} after
     * each round ends, until the poller is stopped. A host that has a scheduler calls {@code dispatchDue()} from it
     * instead.
     *
     * @param interval the pause between rounds, at least 10 milliseconds
     * @return the running poller; stop it when the application stops
     * @throws IllegalArgumentException when the interval is null or under 10 milliseconds
     */
    DispatchPoller startDispatchPoller(java.time.Duration interval);

    /**
     * Applies a batch of delivery events from a provider's webhook (delivered, opened, bounced, failed), each matched
     * to its recipient by the correlation token its message carried, or by the provider's message id within an
     * organisation, and answered on its own: applied, duplicate (its event id was seen before), stale (the same status
     * again, or a backward move: a late webhook), unknown (no such recipient) or rejected (bad input, or a token that is
     * not ours or names an organisation the provider does not serve). One bad event never fails the batch, and each
     * organisation's events cost a handful of statements together. A recipient's events are applied in the order they
     * occurred. Each applied change is a {@code recipient_status_changed} event with the provider, its event id, when
     * it happened (the provider's instant, not after it was received) and when it was received.
     *
     * @param provider the webhook's system caller
     * @param events   up to 5,000 events
     * @return one result per event, in the order given
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code provider...} or {@code events} when the
     *         call itself is malformed; {@code UNAVAILABLE} when the store fails (answer the webhook with an error: the
     *         provider sends it again, and what was applied is then a duplicate)
     */
    List<DeliveryEvent.Result> applyDeliveryEvents(DeliveryProvider provider, List<DeliveryEvent> events);

    /**
     * The letter one recipient gets, as a PDF rendered by the builder's {@code letterRenderer}: their name and address
     * placed for a windowed envelope, the date (when sending began, else when the communication was sent, scheduled or
     * created), the subject, the sanitised body. The same communication and recipient render the same bytes every
     * time, so the SHA-256 recorded when it was sent can be checked against a copy.
     *
     * @param caller          a member or admin
     * @param communicationId the communication
     * @param recipientId     one of its recipients
     * @return the PDF
     * @throws CommunicationCentreException {@code NOT_FOUND} for an unknown communication or recipient;
     *         {@code BAD_REQUEST} naming the field that holds a character no font can show; {@code UNAVAILABLE} when no
     *         renderer is registered or it fails
     */
    byte[] letter(Caller caller, UUID communicationId, UUID recipientId);

    /**
     * A preview of a communication as a letter, without a recipient's name and address.
     *
     * @param caller          a member or admin
     * @param communicationId the communication
     * @return the PDF
     * @throws CommunicationCentreException as {@link #letter}
     */
    byte[] letterPreview(Caller caller, UUID communicationId);

    /**
     * The evidence pack of a communication: proof, checkable offline against the checkpoint key's public half, that this
     * content went to these recipients at these times (see {@link EvidencePack} and {@code docs/evidence.md}). Pending
     * events are linked first and a checkpoint is signed on demand, so the pack covers every event of the communication
     * linked by then. Works for a deleted communication too (its events, without content or recipients). The letters
     * module's {@code CertificateOfService} renders a pack as a PDF certificate of service.
     *
     * @param caller          a member or admin
     * @param communicationId the communication, existing or deleted
     * @return the pack
     * @throws CommunicationCentreException {@code NOT_FOUND} when the organisation has no event of it;
     *         {@code UNAVAILABLE} when the builder was given no checkpoint key; {@code CONFLICT} when the stored tree
     *         disagrees with the signed checkpoint (verifyAuditTrail says what is wrong)
     */
    EvidencePack evidencePack(Caller caller, UUID communicationId);

    /**
     * Erases a leaseholder's personal data from one recipient of a sent or failed communication (the GDPR's right to
     * erasure): its name, email and postal address become {@code null}, and a {@code personal_data_erased} event records
     * who erased them, when, and the SHA-256 of the snapshot they were part of. The audit trail, its checkpoints and the
     * communication's evidence packs keep verifying: a pack shows the recipient as erased, with its unit, its delivery
     * timeline and the digest, but not who it was. A recipient without personal data is returned as it is.
     *
     * @param caller      an admin
     * @param recipientId the recipient
     * @return the recipient as it is stored now
     * @throws CommunicationCentreException {@code NOT_FOUND} for an unknown recipient; {@code CONFLICT} when its
     *         communication is not sent or failed, or when its stored recipients no longer match the audit trail
     */
    Recipient erasePersonalData(Caller caller, UUID recipientId);

    /** The acting user of the dispatcher's audit events, and {@code sentBy} of a scheduled communication it started. */
    String DISPATCHER_USER_ID = "commscentre:dispatcher";

    /**
     * Marks a draft or scheduled communication failed; terminal, like sent.
     *
     * @param caller          an admin
     * @param communicationId the communication
     * @param reason          why it failed; optional, at most 1,000 characters
     * @return the failed communication
     */
    Communication markFailed(Caller caller, UUID communicationId, String reason);

    /**
     * Deletes a draft or scheduled communication and its recipients. Its audit events stay.
     *
     * @param caller          an admin
     * @param communicationId the communication
     */
    void delete(Caller caller, UUID communicationId);

    /**
     * Copies type, subject, body, scope, channel and notes of any communication into a new draft.
     *
     * @param caller            an admin
     * @param communicationId   the original
     * @param includeRecipients whether to add the same units again, with fresh snapshots from the directory
     * @return the new draft
     */
    Communication duplicate(Caller caller, UUID communicationId, boolean includeRecipients);

    /**
     * Adds units as recipients, copying each leaseholder's name and email as they are now. 1 to 50,000 ids;
     * repeated ids count once, units already on the communication and units outside the organisation are
     * skipped. {@link ErrorCode#BAD_REQUEST} when none of the ids belongs to the organisation.
     *
     * @param caller          an admin
     * @param communicationId a draft or scheduled communication
     * @param unitIds         the units
     * @return how many were added and skipped, by reason
     */
    AddRecipientsResult addRecipients(Caller caller, UUID communicationId, Collection<String> unitIds);

    /**
     * Adds every unit of the communication's block as a recipient. {@link ErrorCode#BAD_REQUEST} naming
     * {@code blockId} when the communication has no block.
     *
     * @param caller          an admin
     * @param communicationId a draft or scheduled communication scoped to a block
     * @return how many were added and skipped, by reason
     */
    AddRecipientsResult addBlockRecipients(Caller caller, UUID communicationId);

    /**
     * Lists a communication's recipients in the order they were added.
     *
     * @param caller          a member or admin
     * @param communicationId the communication
     * @param filter          which recipients; {@link RecipientFilter#all()} for every one
     * @param page            the first page or the page after a cursor
     * @return the page
     */
    Page<Recipient> listRecipients(Caller caller, UUID communicationId, RecipientFilter filter, PageRequest page);

    /**
     * Every recipient of a communication the filter matches, in the order they were added, as {@link #listRecipients}
     * gives them, without cursor plumbing: a lazy stream that reads the next keyset page only when it is reached. The
     * first page is read at once, so {@code NOT_FOUND} is thrown here; a later page throws {@code NOT_FOUND} if the
     * communication was deleted meanwhile.
     *
     * @param caller          a member or admin
     * @param communicationId the communication
     * @param filter          which recipients; {@link RecipientFilter#all()} for every one
     * @return the recipients, in the order they were added
     */
    default Stream<Recipient> listAllRecipients(Caller caller, UUID communicationId, RecipientFilter filter) {
        return KeysetPages.stream(page -> listRecipients(caller, communicationId, filter, page));
    }

    /**
     * One recipient, whatever its communication's status: its snapshot of the leaseholder, its delivery status and
     * timestamps. Another organisation's recipient, and one that does not exist (or whose communication was deleted),
     * is {@link ErrorCode#NOT_FOUND}.
     *
     * @param caller      a member or admin
     * @param recipientId the recipient
     * @return the recipient
     */
    Recipient getRecipient(Caller caller, UUID recipientId);

    /**
     * Moves a recipient's delivery status forward. The same status again changes nothing and is not an error;
     * a backward or terminal move is {@link ErrorCode#CONFLICT}. Allowed whatever the communication's status.
     *
     * @param caller         an admin
     * @param recipientId    the recipient
     * @param status         the new status
     * @param failureReason  for bounced or failed only; at most 1,000 characters; otherwise must be {@code null}
     * @return the recipient after the change
     */
    Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status, String failureReason);

    /**
     * Moves a recipient's delivery status forward without a failure reason.
     *
     * @param caller      an admin
     * @param recipientId the recipient
     * @param status      the new status
     * @return the recipient after the change
     */
    default Recipient updateRecipientStatus(Caller caller, UUID recipientId, DeliveryStatus status) {
        return updateRecipientStatus(caller, recipientId, status, null);
    }

    /**
     * The audit events of one communication, oldest first. Works for a deleted communication too.
     *
     * @param caller          a member or admin
     * @param communicationId the communication, existing or deleted
     * @return its events; {@link ErrorCode#NOT_FOUND} if the organisation has none for that id
     */
    List<AuditEvent> auditTrail(Caller caller, UUID communicationId);

    /**
     * Exports the organisation's whole audit trail, deleted communications included, for an outsider to check with a
     * script of their own (docs/audit-trail.md): one JSON line per event, written as it is read from one snapshot of the
     * store's own (never the host's transaction), so that memory stays bounded however long the trail. The linked events
     * come first, in sequence order, then the pending ones (with {@code sequence} 0 and {@code null} hashes, which the
     * script skips and counts). Each line is the event in the canonical JSON the chain hashes (keys sorted, no spaces,
     * instants with six fractional digits, UUIDs in lower case), with its {@code hash}. A stored row that cannot be read
     * as an event is written with what could be read, {@code null} elsewhere and a {@code malformed} key saying why, so
     * the script reports the break at it.
     *
     * <pre>{@code
     * try (Writer out = Files.newBufferedWriter(Path.of("audit.jsonl"), StandardCharsets.UTF_8)) {
     *     centre.exportAuditTrail(member, out);
     * }
     * }</pre>
     *
     * @param caller a member or admin
     * @param out    where the lines go, each ended by {@code \n}; the caller closes it
     * @return how many lines were written, pending events included
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the store fails or {@code out} throws (the lines
     *         written so far are then an incomplete export)
     */
    long exportAuditTrail(Caller caller, Appendable out);

    /**
     * Verifies the organisation's audit trail on one consistent snapshot of the store's own (never the host's
     * transaction): recomputes the whole hash chain, follows each communication's lifecycle along it, and checks that
     * the stored records agree with it (every sent or failed communication with its one outcome event, in that status,
     * with its content and recipient digests; its recipients exactly the units recorded as added, each in the status
     * its last status event set). Damage is reported as findings, never thrown; pending events are counted, and one
     * pending for longer than the builder's {@code auditLinkingBound} is a finding.
     *
     * @param caller a member or admin
     * @return the verification
     */
    AuditVerification verifyAuditTrail(Caller caller);

    /**
     * Verifies the audit trail as {@link #verifyAuditTrail(Caller)} does, and also holds the chain against checkpoints the
     * host kept outside the database (those its {@code CheckpointPublisher} received): each must carry a valid signature
     * of a key the builder knows, and the chain's Merkle root at its size must be the one it signed. Stored checkpoints
     * are checked either way; supplied ones catch what someone who also deleted the stored ones did. A truncation is a
     * {@link AuditFinding.Kind#CHECKPOINT_TRUNCATED} finding, a rewind or a recompute a
     * {@link AuditFinding.Kind#CHECKPOINT_MISMATCH}, a checkpoint that cannot be believed a
     * {@link AuditFinding.Kind#CHECKPOINT_INVALID}.
     *
     * @param caller      a member or admin
     * @param checkpoints checkpoints of the caller's organisation kept elsewhere (may be empty)
     * @return the verification
     */
    AuditVerification verifyAuditTrail(Caller caller, Collection<SignedCheckpoint> checkpoints);

    /**
     * Signs a checkpoint of the organisation's audit chain as it ends now, after linking whatever is pending: the
     * latest stored checkpoint when it already has that size, otherwise a new one, stored and handed to the builder's
     * {@code CheckpointPublisher}. The library also makes checkpoints by itself as it links events (see the builder's
     * {@code checkpointEvery}). A member may call it: it records nothing but a signature of what is there.
     *
     * @param caller a member or admin
     * @return the checkpoint
     * @throws CommunicationCentreException {@code UNAVAILABLE} when the builder was given no checkpoint key
     */
    SignedCheckpoint checkpoint(Caller caller);

    /**
     * Links the audit events that a process left pending when it stopped between a write's commit and that write's
     * linking (a crash, a kill, a lost connection), in every organisation that has some. Writes link their own events
     * as soon as they commit, and the next write of an organisation links whatever it finds pending, so this call is
     * for organisations that go quiet: run it from the host's scheduler (every minute, say). Its interval is the
     * bound within which every committed event is linked. It reveals nothing and needs no caller.
     *
     * @return how many events it linked
     */
    long linkPendingAuditEvents();
}
