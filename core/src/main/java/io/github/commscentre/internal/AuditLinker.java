package io.github.commscentre.internal;

import io.github.commscentre.AuditEvent;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.Recipient;
import io.github.commscentre.spi.AuditChainHead;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.StoreTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The sequencer of the audit chain. Writers append their events pending; this class gives them their place in the
 * organisation's chain (sequence, previous hash, hash), in the order they became visible, under the organisation's
 * chain lock, which it only ever tries to take:
 * <ul>
 *   <li>in the writer's own transaction, when the store can take the lock at once there (a transaction the store ends
 *       itself, no other linker busy): the events are stored linked, with nothing more to do;</li>
 *   <li>otherwise after the writer's (or the host's) transaction commits, in rounds of short transactions of the
 *       store's own that link every pending event of the organisation at once, retried while the lock is busy until
 *       the patience runs out. One linker per organisation runs in this instance ({@link LinkingRounds}): a call that
 *       commits while it runs does not wait, the running linker's next round links its events; the caller that
 *       started the rounds hands them to a background thread once its own events are linked;</li>
 *   <li>and by {@link #linkPending()}, the sweep that picks up what a process that died between a commit and its
 *       linking left pending.</li>
 * </ul>
 * A linker never waits for the lock while holding anything, never links an event twice (the store refuses a second
 * link) and never forks the chain (only the lock holder links, from the end the linked events show).
 */
final class AuditLinker {

    /** The most events linked in one transaction. */
    static final int BATCH = 1_000;
    /** How long a writer's after-commit linking keeps trying before leaving its events to the next linker. */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The longest pause between two tries of a busy chain lock. A holder keeps it for one short transaction (a write
     * that links at once, or a linker's batch), so a waiter that sleeps longer only adds to its caller's wait.
     */
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int LOCK_BUSY = -1;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLinker.class);

    private final CommunicationStore store;
    private final ConcurrentMap<String, LinkingRounds> rounds = new ConcurrentHashMap<>();
    /** Where this instance last linked each organisation's chain ({@link #remember}). */
    private final ConcurrentMap<String, AuditChainHead> lastLinked = new ConcurrentHashMap<>();
    /** Runs rounds that outlive the call that started them; daemon threads, idle ones end after a minute. */
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "commscentre-audit-linker");
        thread.setDaemon(true);
        return thread;
    });
    private final LinkListener listener;

    AuditLinker(CommunicationStore store) {
        this(store, LinkListener.NONE);
    }

    /** @param listener told of every batch of events linked, in the linking transaction, under the chain lock */
    AuditLinker(CommunicationStore store, LinkListener listener) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /** What else happens in a linking transaction once events are linked: the Merkle tree grows, checkpoints are signed. */
    interface LinkListener {
        /** Does nothing. */
        LinkListener NONE = (tx, before, linked) -> { };

        /**
         * @param tx     the linking transaction, holding the chain lock
         * @param before the end of the chain before these events
         * @param linked the events just linked, in sequence order, continuing {@code before}
         */
        void linked(StoreTransaction tx, AuditChainHead before, List<AuditEvent> linked);
    }

    /**
     * In the writer's transaction: appends the pending events, linked at once if the chain lock is free. While a linker
     * of this instance is at work for the organisation, the writer does not try the lock: holding it through its own
     * commit would make that linker's next round wait, and the round links these events soon after the commit anyway.
     */
    void append(StoreTransaction tx, List<AuditEvent> events) {
        if (linkerRunning(tx)) {
            appendPending(tx, events);
            return;
        }
        AuditChainHead last = guess(tx);
        if (events.size() == 1 && last != null) {
            // Where this instance last linked the chain is usually where it still ends: link there and append in the
            // statement that tries the lock. The store checks the guess and writes nothing when it is wrong.
            AuditEvent linked = AuditChain.link(events.get(0), last.lastSequence() + 1, last.lastHash());
            if (tx.tryAppendLinkedAfter(last, linked)) {
                appendedAtGuess(tx, last, linked);
                return;
            }
        }
        appendLockedOrPending(tx, events);
    }

    /**
     * In the writer's transaction: a recipient's compare-and-set and, only if it replaced the recipient, the one event
     * that records the change, appended as {@link #append} would; the two in one round trip when this instance can
     * guess where the chain ends.
     *
     * @return whether the recipient was replaced (and the event appended)
     */
    boolean appendIfUpdated(StoreTransaction tx, Recipient updated, DeliveryStatus expectedStatus, AuditEvent event) {
        if (linkerRunning(tx)) {
            // The running linker's next round links the event: the update and the pending event in one round trip.
            if (!tx.updateRecipientAndAppendPending(updated, expectedStatus, event)) {
                return false;
            }
            String organisationId = tx.organisationId();
            tx.afterCommit(() -> linkAfterCommit(organisationId));
            return true;
        }
        AuditChainHead last = guess(tx);
        if (last == null) {
            if (!tx.updateRecipient(updated, expectedStatus)) {
                return false;
            }
            append(tx, List.of(event));
            return true;
        }
        AuditEvent linked = AuditChain.link(event, last.lastSequence() + 1, last.lastHash());
        switch (tx.updateRecipientAndTryAppendLinked(updated, expectedStatus, last, linked)) {
            case NOT_REPLACED:
                return false;
            case REPLACED_AND_APPENDED:
                appendedAtGuess(tx, last, linked);
                return true;
            default:
                appendLockedOrPending(tx, List.of(event));
                return true;
        }
    }

    private boolean linkerRunning(StoreTransaction tx) {
        LinkingRounds linking = rounds.get(tx.organisationId());
        return linking != null && linking.running();
    }

    /** @return where this instance last linked the organisation's chain, or {@code null} if it never did */
    private AuditChainHead guess(StoreTransaction tx) {
        AuditChainHead last = lastLinked.get(tx.organisationId());
        return last != null && last.lastSequence() > 0 ? last : null;
    }

    private void appendedAtGuess(StoreTransaction tx, AuditChainHead last, AuditEvent linked) {
        remember(linked);
        listener.linked(tx, last, List.of(linked));
    }

    /** Appends the events linked if the chain lock is free now, and pending otherwise. */
    private void appendLockedOrPending(StoreTransaction tx, List<AuditEvent> events) {
        Optional<AuditChainHead> locked = tx.tryLockAuditChain();
        if (locked.isEmpty()) {
            appendPending(tx, events);
            return;
        }
        // Events others committed pending come first: they were visible before this transaction's own.
        List<AuditEvent> waiting = tx.pendingAuditEvents(BATCH);
        Chain chain = new Chain(locked.get());
        List<AuditEvent> linkedWaiting = waiting.isEmpty() ? List.of() : chain.link(waiting);
        if (!waiting.isEmpty()) {
            tx.linkAuditEvents(linkedWaiting);
        }
        if (waiting.size() < BATCH) {
            List<AuditEvent> own = chain.link(events);
            tx.appendAuditEvents(own);
            remember(own.get(own.size() - 1));
            List<AuditEvent> all = new ArrayList<>(linkedWaiting);
            all.addAll(own);
            listener.linked(tx, locked.get(), all);
            return;
        }
        listener.linked(tx, locked.get(), linkedWaiting);
        // More may wait than one batch holds: this write's events join the queue behind them, so that no event is
        // ever linked before one that became visible earlier.
        appendPending(tx, events);
    }

    /** Appends the events pending, to be linked once the transaction that holds them has committed. */
    private void appendPending(StoreTransaction tx, List<AuditEvent> events) {
        tx.appendAuditEvents(events);
        String organisationId = tx.organisationId();
        tx.afterCommit(() -> linkAfterCommit(organisationId));
    }

    /**
     * Links every pending event of every organisation that has some, for a host's scheduler (and the dispatcher's
     * poller): the bound within which an event a crashed process left pending is linked is the interval of this call.
     *
     * @return how many events were linked
     */
    long linkPending() {
        // This instance's linkers first: they hold the lock the sweep would otherwise find busy.
        for (LinkingRounds linking : rounds.values()) {
            try {
                linking.awaitIdle(TimeUnit.NANOSECONDS.toMillis(PATIENCE_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        long linked = 0;
        for (String organisationId : store.organisationsWithPendingAuditEvents(100)) {
            int n;
            do {
                n = store.writeDetached(organisationId, this::linkBatch);
                linked += Math.max(n, 0);
            } while (n == BATCH);
        }
        return linked;
    }

    /**
     * Links every event of one organisation that is pending now, waiting up to the linker's patience for a busy chain
     * lock (another linker links them meanwhile): before a checkpoint or an evidence pack is made on demand.
     *
     * @return whether nothing visible was left pending
     */
    boolean linkOrganisation(String organisationId) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (true) {
            int n = store.writeDetached(organisationId, this::linkBatch);
            if (n != LOCK_BUSY && n < BATCH) {
                return true;
            }
            if (n == LOCK_BUSY) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(LONGEST_PAUSE_NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /**
     * After the writer's commit: links its events, and every other pending event of the organisation, unless a linker of
     * this instance is at work already, whose next round links them. A failure leaves the events pending for the next
     * write of the organisation or the sweep: the write itself has committed and is not undone, so nothing is thrown
     * at the host.
     */
    private void linkAfterCommit(String organisationId) {
        LinkingRounds linking = rounds.computeIfAbsent(organisationId, id -> new LinkingRounds());
        if (linking.arrive()) {
            runRounds(organisationId, linking, true);
        }
    }

    /**
     * Runs rounds until one began after the last call arrived. A round links every pending event the store shows; a
     * busy lock (another instance's linker, or a writer of another instance linking at once) is tried again with
     * short pauses, for up to the patience.
     *
     * @param caller whether this runs on the thread of the call that started the rounds, which returns once a round
     *               that began after its own commit has ended, leaving further rounds to a background thread
     */
    private void runRounds(String organisationId, LinkingRounds linking, boolean caller) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        long pause = FIRST_PAUSE_NANOS;
        try {
            while (true) {
                linking.begin();
                if (linkAll(organisationId) != LOCK_BUSY) {
                    if (linking.finish()) {
                        return;
                    }
                    if (caller) {
                        background.execute(() -> runRounds(organisationId, linking, false));
                        return;
                    }
                    deadline = System.nanoTime() + PATIENCE_NANOS;
                    pause = FIRST_PAUSE_NANOS;
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    linking.abandon();
                    LOG.info("audit events of organisation {} stay pending: another linker held the chain for {} s;"
                            + " the next write or sweep links them", organisationId, TimeUnit.NANOSECONDS.toSeconds(PATIENCE_NANOS));
                    return;
                }
                TimeUnit.NANOSECONDS.sleep(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
            }
        } catch (InterruptedException e) {
            linking.abandon();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            linking.abandon();
            LOG.warn("audit events of organisation {} stay pending until the next write or sweep links them: {}",
                    organisationId, e.toString());
        }
    }

    /** @return how many events it linked in batches until none was left, or {@link #LOCK_BUSY} */
    private int linkAll(String organisationId) {
        int total = 0;
        while (true) {
            int n = store.writeDetached(organisationId, this::linkBatch);
            if (n == LOCK_BUSY) {
                return LOCK_BUSY;
            }
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }

    /** @return how many events it linked, or {@link #LOCK_BUSY} */
    private int linkBatch(StoreTransaction tx) {
        Optional<AuditChainHead> locked = tx.tryLockAuditChain();
        if (locked.isEmpty()) {
            return LOCK_BUSY;
        }
        List<AuditEvent> waiting = tx.pendingAuditEvents(BATCH);
        if (!waiting.isEmpty()) {
            List<AuditEvent> linked = new Chain(locked.get()).link(waiting);
            tx.linkAuditEvents(linked);
            remember(linked.get(linked.size() - 1));
            listener.linked(tx, locked.get(), linked);
        }
        return waiting.size();
    }

    /**
     * Notes where this instance last linked an organisation's chain, before the transaction commits: a guess for the
     * next append, which the store checks, so a rolled-back transaction or another instance's linking only costs the
     * guess.
     */
    private void remember(AuditEvent last) {
        lastLinked.put(last.organisationId(), new AuditChainHead(last.organisationId(), last.sequence(), last.hash()));
    }

    /** The end of the chain as linking moves it. */
    private static final class Chain {
        private long sequence;
        private String previous;

        Chain(AuditChainHead head) {
            this.sequence = head.lastSequence();
            this.previous = head.lastHash();
        }

        List<AuditEvent> link(List<AuditEvent> pending) {
            List<AuditEvent> linked = new ArrayList<>(pending.size());
            for (AuditEvent event : pending) {
                AuditEvent l = AuditChain.link(event, ++sequence, previous);
                previous = l.hash();
                linked.add(l);
            }
            return linked;
        }
    }
}
