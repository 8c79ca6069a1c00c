package io.github.commscentre;

/** The caller's role in its organisation. Members read; admins read and write. */
public enum Role {
    /** Read-only staff: may list and read, never write. */
    MEMBER("member"),
    /** May do every call, writes included. */
    ADMIN("admin");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name hosts expose, for example {@code admin} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a lower-case name such as {@code member}
     * @return the role
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code role} when unknown
     */
    public static Role fromWireName(String wireName) {
        return WireNames.lookup(values(), Role::wireName, wireName, "role");
    }
}
