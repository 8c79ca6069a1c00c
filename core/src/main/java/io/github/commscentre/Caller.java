package io.github.commscentre;

import java.util.Objects;

/**
 * Who is calling, as authenticated by the host. The library authorises: members read, admins read
 * and write, and nothing of another organisation is ever visible.
 *
 * @param organisationId the caller's organisation, a host id (1 to 100 characters)
 * @param userId         the acting user, a host id (1 to 100 characters); recorded on every audit event
 * @param role           {@link Role#MEMBER} or {@link Role#ADMIN}
 */
public record Caller(String organisationId, String userId, Role role) {

    /** Null checks only; the facade checks the id rules and answers {@code BAD_REQUEST}. */
    public Caller {
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(role, "role must not be null");
    }

    /**
     * @param organisationId the caller's organisation
     * @param userId         the acting user
     * @return an admin of that organisation
     */
    public static Caller admin(String organisationId, String userId) {
        return new Caller(organisationId, userId, Role.ADMIN);
    }

    /**
     * @param organisationId the caller's organisation
     * @param userId         the acting user
     * @return a read-only member of that organisation
     */
    public static Caller member(String organisationId, String userId) {
        return new Caller(organisationId, userId, Role.MEMBER);
    }

    /** @return whether this caller may write */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
