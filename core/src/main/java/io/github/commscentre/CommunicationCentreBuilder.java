package io.github.commscentre;

import io.github.commscentre.internal.DefaultCommunicationCentre;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds a {@link CommunicationCentre}. A store and a property directory are required and checked at
 * {@link #build()}; there is no silent fallback to in-memory storage.
 */
public final class CommunicationCentreBuilder {

    private CommunicationStore store;
    private PropertyDirectory directory;
    private Clock clock = Clock.systemUTC();
    private HtmlSanitizer htmlSanitizer = HtmlSanitizer.standard();
    private Duration auditLinkingBound = DefaultCommunicationCentre.DEFAULT_AUDIT_LINKING_BOUND;

    CommunicationCentreBuilder() {
    }

    /**
     * @param store where communications, recipients and audit events live
     *              ({@code JpaCommunicationStore} in production, {@code InMemoryCommunicationStore} in tests)
     * @return this builder
     */
    public CommunicationCentreBuilder store(CommunicationStore store) {
        this.store = store;
        return this;
    }

    /** @param directory the host's blocks, units and leaseholders @return this builder */
    public CommunicationCentreBuilder directory(PropertyDirectory directory) {
        this.directory = directory;
        return this;
    }

    /** @param clock the only source of time; defaults to {@link Clock#systemUTC()} @return this builder */
    public CommunicationCentreBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** @param htmlSanitizer replaces the default body-cleaning policy @return this builder */
    public CommunicationCentreBuilder htmlSanitizer(HtmlSanitizer htmlSanitizer) {
        this.htmlSanitizer = htmlSanitizer;
        return this;
    }

    /**
     * How long a committed audit event may wait to be linked into the chain before {@code verifyAuditTrail} reports
     * it as a finding: the library links every committed event well within this (at once, after the writer's commit,
     * or by {@code linkPendingAuditEvents}, which a host schedules more often than this), so an event pending longer
     * may be a forgery waiting for its place. Defaults to 10 minutes.
     *
     * @param auditLinkingBound a positive duration of at least one second
     * @return this builder
     * @throws IllegalArgumentException when it is null, zero, negative or under a second
     */
    public CommunicationCentreBuilder auditLinkingBound(Duration auditLinkingBound) {
        if (auditLinkingBound == null || auditLinkingBound.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("auditLinkingBound must be at least one second (was " + auditLinkingBound
                    + "): leave it unset for 10 minutes");
        }
        this.auditLinkingBound = auditLinkingBound;
        return this;
    }

    /**
     * @return the facade
     * @throws IllegalStateException when a required port is missing, with a message saying what to pass
     */
    public CommunicationCentre build() {
        if (store == null) {
            throw new IllegalStateException(
                    "a CommunicationStore is required: pass JpaCommunicationStore or InMemoryCommunicationStore to store(...)");
        }
        if (directory == null) {
            throw new IllegalStateException(
                    "a PropertyDirectory is required: pass your implementation over the host's blocks, units and "
                            + "leaseholders (or InMemoryPropertyDirectory in tests) to directory(...)");
        }
        if (clock == null) {
            throw new IllegalStateException("clock must not be null: leave it unset for Clock.systemUTC()");
        }
        if (htmlSanitizer == null) {
            throw new IllegalStateException("htmlSanitizer must not be null: leave it unset for HtmlSanitizer.standard()");
        }
        return new DefaultCommunicationCentre(store, directory, clock, htmlSanitizer, auditLinkingBound);
    }
}
