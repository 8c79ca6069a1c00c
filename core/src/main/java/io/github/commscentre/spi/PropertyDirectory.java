package io.github.commscentre.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The host's blocks, units and leaseholders, read by the library. The host owns them; the library only
 * asks. Look-ups are bulk so that 10,000 units cost one call, not 10,000. Implementations must be
 * thread-safe. An exception thrown here reaches the host as {@code UNAVAILABLE} with a message of the library's
 * own and this exception as its cause, so that what it says (SQL, table names) never reaches the host's clients.
 *
 * <p>What the directory answers is held to the library's input rules before anything is stored: a unit's id must be
 * a host id (1 to 100 characters), and the leaseholder's name and email well-formed text; otherwise the call is
 * {@code BAD_REQUEST} naming {@code unitId} or {@code leaseholder}. {@code null} answers count as "none".
 */
public interface PropertyDirectory {

    /**
     * @param organisationId the caller's organisation
     * @param blockId        a block id
     * @return whether that block exists and belongs to the organisation
     */
    boolean blockBelongsTo(String organisationId, String blockId);

    /**
     * Finds units of one organisation in bulk.
     *
     * @param organisationId the caller's organisation
     * @param unitIds        unit ids, distinct, at most 50,000
     * @return the units among them that belong to the organisation, by unit id; units of other
     *         organisations and unknown ids are simply absent
     */
    Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds);

    /**
     * @param organisationId the caller's organisation
     * @param blockId        a block of that organisation
     * @return every unit in the block, in a stable order (the order recipients are added in);
     *         empty when the block is unknown or of another organisation
     */
    List<UnitRecord> findUnitsInBlock(String organisationId, String blockId);
}
