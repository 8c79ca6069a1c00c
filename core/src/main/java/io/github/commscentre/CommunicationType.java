package io.github.commscentre;

/** What kind of letter or email a communication is. */
public enum CommunicationType {
    /** General information sent to all leaseholders in a block. */
    CIRCULAR("circular"),
    /** Formal notices, for example a Section 20 consultation or an insurance renewal. */
    NOTICE("notice"),
    /** Service-charge demands, ground-rent demands and arrears letters. */
    DEMAND_LETTER("demand_letter"),
    /** Annual General Meeting invitations and agendas. */
    AGM_NOTICE("agm_notice");

    private final String wireName;

    CommunicationType(String wireName) {
        this.wireName = wireName;
    }

    /** @return the lower-case name hosts expose, for example {@code demand_letter} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param wireName a lower-case name such as {@code agm_notice}
     * @return the type
     * @throws CommunicationCentreException {@code BAD_REQUEST} naming {@code communicationType} when unknown
     */
    public static CommunicationType fromWireName(String wireName) {
        return WireNames.lookup(values(), CommunicationType::wireName, wireName, "communicationType");
    }
}
