package io.github.commscentre.boot.sample;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The host's own entity: a flat, its block and its leaseholder. Found by Spring Boot's own entity scan. */
@Entity
@Table(name = "flat")
public class Flat {

    @Id
    private String id;

    @Column(name = "organisation_id", nullable = false)
    private String organisationId;

    @Column(name = "block_id", nullable = false)
    private String blockId;

    @Column(name = "leaseholder_name")
    private String leaseholderName;

    @Column(name = "leaseholder_email")
    private String leaseholderEmail;

    protected Flat() {
    }

    public Flat(String id, String organisationId, String blockId, String leaseholderName, String leaseholderEmail) {
        this.id = id;
        this.organisationId = organisationId;
        this.blockId = blockId;
        this.leaseholderName = leaseholderName;
        this.leaseholderEmail = leaseholderEmail;
    }

    public String getId() {
        return id;
    }

    public String getOrganisationId() {
        return organisationId;
    }

    public String getBlockId() {
        return blockId;
    }

    public String getLeaseholderName() {
        return leaseholderName;
    }

    public String getLeaseholderEmail() {
        return leaseholderEmail;
    }
}
