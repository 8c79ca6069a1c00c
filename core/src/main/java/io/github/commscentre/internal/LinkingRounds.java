package io.github.commscentre.internal;

/**
 * One organisation's linking in this instance: whether a linker is at work, and whether calls arrived since its round
 * began. A round links every event that was pending when it began, so a call that arrives while a linker runs needs
 * no linker of its own: the running one starts another round for it. The chain lock in the database still decides
 * between instances; this only keeps one instance's calls from queueing for it one by one.
 */
final class LinkingRounds {

    private boolean running;
    private long arrivals;
    private long covered;

    /**
     * A call whose events committed pending arrives.
     *
     * @return {@code true} when no linker was at work, so the caller is the linker now
     */
    synchronized boolean arrive() {
        arrivals++;
        if (running) {
            return false;
        }
        running = true;
        return true;
    }

    /** @return whether a linker of this instance is at work for the organisation */
    synchronized boolean running() {
        return running;
    }

    /** A round begins: it links the events of every call that has arrived so far. */
    synchronized void begin() {
        covered = arrivals;
    }

    /**
     * The round that began last has linked what was pending.
     *
     * @return {@code true} when no call arrived since it began, and the linker stops; {@code false} when another round
     *         is needed
     */
    synchronized boolean finish() {
        if (arrivals != covered) {
            return false;
        }
        running = false;
        notifyAll();
        return true;
    }

    /** The linker gives up (its patience ran out, or the store failed): the next write or the sweep links the rest. */
    synchronized void abandon() {
        running = false;
        notifyAll();
    }

    /**
     * Waits until no linker of this instance is at work, for the sweep, which would otherwise find the chain lock busy
     * with this instance's own linking.
     *
     * @param timeoutMillis how long to wait at most
     */
    synchronized void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (running) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
