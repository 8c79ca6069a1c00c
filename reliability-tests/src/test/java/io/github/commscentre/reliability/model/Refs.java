package io.github.commscentre.reliability.model;

import java.util.UUID;

/** How a step names a communication or a recipient: by handle (created in this run) or by a literal id. */
public final class Refs {

    private Refs() {
    }

    /**
     * @param handle  a handle of this run, or null
     * @param literal an id used as is (never created, so unknown everywhere), when handle is null
     */
    public record Ref(Integer handle, UUID literal) {

        /** @return a reference to the n-th created record */
        public static Ref handle(int handle) {
            return new Ref(handle, null);
        }

        /** @return a reference to an id that exists nowhere */
        public static Ref unknown(UUID id) {
            return new Ref(null, id);
        }

        @Override
        public String toString() {
            return handle != null ? "#" + handle : "unknown:" + literal;
        }
    }
}
