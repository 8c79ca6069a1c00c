package io.github.commscentre;

/**
 * Which page to read: the first, or the one after an opaque cursor from a previous {@link Page}.
 * The limit is 1 to 100; the facade answers {@code BAD_REQUEST} naming {@code limit} otherwise, and
 * {@code BAD_REQUEST} naming {@code cursor} for a malformed cursor or one from another listing.
 *
 * @param cursor the cursor, or {@code null} for the first page
 * @param limit  the largest number of items to return
 */
public record PageRequest(String cursor, int limit) {

    /** The limit used when a host has no preference. */
    public static final int DEFAULT_LIMIT = 25;

    /** The largest limit allowed. */
    public static final int MAX_LIMIT = 100;

    /** @return the first page with the default limit of 25 */
    public static PageRequest first() {
        return new PageRequest(null, DEFAULT_LIMIT);
    }

    /** @param limit 1 to 100 @return the first page */
    public static PageRequest first(int limit) {
        return new PageRequest(null, limit);
    }

    /**
     * @param cursor a {@link Page#nextCursor()} from the same listing
     * @param limit  1 to 100
     * @return the page after the cursor
     */
    public static PageRequest after(String cursor, int limit) {
        return new PageRequest(cursor, limit);
    }
}
