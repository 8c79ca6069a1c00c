package io.github.commscentre.spi;

import io.github.commscentre.PostalAddress;

import java.util.Objects;

/**
 * A unit as the host's directory knows it now, with its current leaseholder.
 *
 * @param unitId           the unit (host id)
 * @param blockId          the block the unit is in
 * @param leaseholderName  the leaseholder's name, or {@code null} (a vacant unit)
 * @param leaseholderEmail the leaseholder's email, or {@code null} when there is none
 * @param postalAddress    where letters to the leaseholder go, or {@code null} when the directory has none
 */
public record UnitRecord(String unitId, String blockId, String leaseholderName, String leaseholderEmail,
                         PostalAddress postalAddress) {

    /** Null checks of the ids. */
    public UnitRecord {
        Objects.requireNonNull(unitId, "unitId must not be null");
        Objects.requireNonNull(blockId, "blockId must not be null");
    }

    /**
     * A unit without a postal address.
     *
     * @param unitId           the unit
     * @param blockId          its block
     * @param leaseholderName  the leaseholder's name, or {@code null}
     * @param leaseholderEmail the leaseholder's email, or {@code null}
     */
    public UnitRecord(String unitId, String blockId, String leaseholderName, String leaseholderEmail) {
        this(unitId, blockId, leaseholderName, leaseholderEmail, null);
    }
}
