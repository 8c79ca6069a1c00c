package io.github.commscentre.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A keyset position in the newest-first listing of communications: the listing continues with the
 * communications strictly after it, i.e. {@code (createdAt, id) < (this.createdAt, this.id)} in
 * descending order of {@code createdAt}, then {@code id} (UUIDs compared as unsigned 128-bit numbers,
 * which is how PostgreSQL and H2 order the {@code uuid} type).
 *
 * @param createdAt the creation instant of the last communication of the previous page
 * @param id        its id
 */
public record CommunicationKey(Instant createdAt, UUID id) {

    /** Null checks. */
    public CommunicationKey {
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(id, "id must not be null");
    }
}
