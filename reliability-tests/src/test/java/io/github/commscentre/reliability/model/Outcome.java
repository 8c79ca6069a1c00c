package io.github.commscentre.reliability.model;

import io.github.commscentre.ErrorCode;

/**
 * What a call should give: a value, or an error code whose message starts with {@code field}
 * ({@code null} when the rule does not name one).
 *
 * @param error the expected error, or null for success
 * @param field the field the message must start with, or null
 * @param value the expected (normalised) value; may be {@link PerStore} when it contains store-specific ids
 */
public record Outcome(ErrorCode error, String field, Object value) {

    /** @return a successful outcome */
    public static Outcome ok(Object value) {
        return new Outcome(null, null, value);
    }

    /** @return a failed outcome */
    public static Outcome fail(ErrorCode error, String field) {
        return new Outcome(error, field, null);
    }

    /** A value that can only be written down once a store's ids are known (digests and ids inside audit details). */
    public interface PerStore {
        /** @return the value as the given store should show it */
        Object render(Handles handles);
    }

    /** Translation from handles to one store's ids. */
    public interface Handles {
        /** @return the store's id of the communication with this handle */
        java.util.UUID communicationId(int handle);

        /** @return the store's id of the recipient with this handle */
        java.util.UUID recipientId(int handle);
    }
}
