package io.github.commscentre;

import java.util.List;
import java.util.Objects;

/**
 * One keyset page of results.
 *
 * @param items      the items of this page, at most the requested limit
 * @param nextCursor an opaque cursor for {@link PageRequest#after(String, int)}, or {@code null} when there is no next page
 * @param hasNext    whether a next page exists
 * @param <T>        the item type
 */
public record Page<T>(List<T> items, String nextCursor, boolean hasNext) {

    /** Copies the items into an unmodifiable list. */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items must not be null"));
    }
}
