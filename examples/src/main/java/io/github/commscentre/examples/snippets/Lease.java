package io.github.commscentre.examples.snippets;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One of the host application's own entities, living in the same persistence unit as the library's. */
@Entity
@Table(name = "lease")
public class Lease {

    @Id
    private String unitId;

    private String leaseholderName;

    /** For JPA. */
    protected Lease() {
    }

    /**
     * @param unitId          the unit
     * @param leaseholderName who holds the lease
     */
    public Lease(String unitId, String leaseholderName) {
        this.unitId = unitId;
        this.leaseholderName = leaseholderName;
    }

    /** @return the unit */
    public String unitId() {
        return unitId;
    }

    /** @return who holds the lease */
    public String leaseholderName() {
        return leaseholderName;
    }
}
