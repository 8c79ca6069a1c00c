package io.github.commscentre;

/**
 * Filters for {@code list} and {@code count}; every one optional ({@code null} means any), all combinable.
 *
 * @param blockId           communications scoped to this block
 * @param unitId            communications scoped to this unit
 * @param communicationType communications of this type
 * @param status            communications in this status
 */
public record CommunicationFilter(String blockId, String unitId, CommunicationType communicationType,
                                  CommunicationStatus status) {

    private static final CommunicationFilter ALL = new CommunicationFilter(null, null, null, null);

    /** @return a filter that matches every communication of the organisation */
    public static CommunicationFilter all() {
        return ALL;
    }

    /**
     * @param communicationType the type to match
     * @return a filter that matches the organisation's communications of that type, for {@code list} and {@code count}
     */
    public static CommunicationFilter byType(CommunicationType communicationType) {
        return new CommunicationFilter(null, null, java.util.Objects.requireNonNull(communicationType,
                "communicationType must not be null"), null);
    }

    /**
     * @param status the status to match
     * @return a filter that matches the organisation's communications in that status
     */
    public static CommunicationFilter byStatus(CommunicationStatus status) {
        return new CommunicationFilter(null, null, null, java.util.Objects.requireNonNull(status, "status must not be null"));
    }

    /** @return a builder with no filter set */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CommunicationFilter}. */
    public static final class Builder {
        private String blockId;
        private String unitId;
        private CommunicationType communicationType;
        private CommunicationStatus status;

        private Builder() {
        }

        /** @param blockId the block, or {@code null} for any @return this builder */
        public Builder blockId(String blockId) {
            this.blockId = blockId;
            return this;
        }

        /** @param unitId the unit, or {@code null} for any @return this builder */
        public Builder unitId(String unitId) {
            this.unitId = unitId;
            return this;
        }

        /** @param communicationType the type, or {@code null} for any @return this builder */
        public Builder communicationType(CommunicationType communicationType) {
            this.communicationType = communicationType;
            return this;
        }

        /** @param status the status, or {@code null} for any @return this builder */
        public Builder status(CommunicationStatus status) {
            this.status = status;
            return this;
        }

        /** @return the filter */
        public CommunicationFilter build() {
            return new CommunicationFilter(blockId, unitId, communicationType, status);
        }
    }
}
