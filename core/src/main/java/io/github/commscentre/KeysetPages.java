package io.github.commscentre;

import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every page of a keyset listing as one lazy stream, for {@link CommunicationCentre#listAll} and
 * {@link CommunicationCentre#listAllRecipients}: the first page is read at once, so that a refused call fails where it
 * is made; each further page when the stream reaches it. Each page is a call of its own, so nothing is held open between
 * pages, and keyset paging neither repeats nor skips a record that existed when the first page was read.
 */
final class KeysetPages<T> extends Spliterators.AbstractSpliterator<T> {

    /** Items per page: the largest page a listing allows, so that the fewest calls are made. */
    static final int PAGE_SIZE = PageRequest.MAX_LIMIT;

    private final Function<PageRequest, Page<T>> listing;
    private Iterator<T> current;
    private String nextCursor;
    private boolean hasNext;

    private KeysetPages(Function<PageRequest, Page<T>> listing, Page<T> first) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.listing = listing;
        take(first);
    }

    /**
     * @param listing reads one page of the listing
     * @param <T>     the item type
     * @return the items of every page, in listing order, read as the stream is consumed
     */
    static <T> Stream<T> stream(Function<PageRequest, Page<T>> listing) {
        Page<T> first = Objects.requireNonNull(listing.apply(PageRequest.first(PAGE_SIZE)), "page");
        return StreamSupport.stream(new KeysetPages<>(listing, first), false);
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        while (!current.hasNext()) {
            if (!hasNext) {
                return false;
            }
            take(listing.apply(PageRequest.after(nextCursor, PAGE_SIZE)));
        }
        action.accept(current.next());
        return true;
    }

    private void take(Page<T> page) {
        current = page.items().iterator();
        nextCursor = page.nextCursor();
        hasNext = page.hasNext();
    }
}
