package io.github.commscentre.inmemory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The reverse of every change a write unit of work has made so far, newest first: replaying it takes a failed
 * unit of work back before anyone else can see it, which is what makes the in-memory store atomic.
 */
final class UndoLog {

    private final Deque<Runnable> steps = new ArrayDeque<>();

    /** @param undo restores what the change just made had replaced */
    void record(Runnable undo) {
        steps.push(undo);
    }

    /**
     * Replays every recorded step, newest first. A step that fails does not stop the others; its failure is
     * attached to {@code failure}, the exception that made the unit of work fail, which the caller rethrows.
     */
    void undoAll(Throwable failure) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException | Error undoFailure) {
                failure.addSuppressed(undoFailure);
            }
        }
    }

    /** Forgets every step: the unit of work has ended and its changes stay. */
    void clear() {
        steps.clear();
    }
}
