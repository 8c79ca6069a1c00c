package io.github.commscentre.jpa;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * The composite key {@code (organisation_id, id)} of the adapter's tables. The organisation leads every key so
 * that a host can shard the tables by organisation (Citus) without changing the schema.
 */
final class OrganisationScopedId implements Serializable {

    private static final long serialVersionUID = 1L;

    String organisationId;
    UUID id;

    OrganisationScopedId() {
    }

    OrganisationScopedId(String organisationId, UUID id) {
        this.organisationId = organisationId;
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OrganisationScopedId)) {
            return false;
        }
        OrganisationScopedId other = (OrganisationScopedId) o;
        return Objects.equals(organisationId, other.organisationId) && Objects.equals(id, other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(organisationId, id);
    }
}
