package io.github.commscentre;

import io.github.commscentre.internal.CheckpointSigner;
import io.github.commscentre.internal.DefaultCommunicationCentre;
import io.github.commscentre.internal.EvidenceSettings;
import io.github.commscentre.spi.CheckpointPublisher;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.PropertyDirectory;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link CommunicationCentre}. A store and a property directory are required and checked at
 * {@link #build()}; there is no silent fallback to in-memory storage.
 */
public final class CommunicationCentreBuilder {

    /** HMAC-SHA256's own strength: a shorter key would be the weakest part. */
    private static final int MIN_CURSOR_KEY_BYTES = 32;

    private CommunicationStore store;
    private PropertyDirectory directory;
    private Clock clock = Clock.systemUTC();
    private HtmlSanitizer htmlSanitizer = HtmlSanitizer.standard();
    private Duration auditLinkingBound = DefaultCommunicationCentre.DEFAULT_AUDIT_LINKING_BOUND;
    private byte[] cursorKey;
    private byte[] correlationKey;
    private LetterRenderer letterRenderer;
    private final Map<String, DeliveryChannel> deliveryChannels = new LinkedHashMap<>();
    private DispatchSettings dispatchSettings = DispatchSettings.defaults();
    private KeyPair checkpointKey;
    private final List<PublicKey> previousCheckpointKeys = new ArrayList<>();
    private CheckpointPublisher checkpointPublisher = CheckpointPublisher.NONE;
    private long checkpointEveryEvents = EvidenceSettings.DEFAULT_EVERY_EVENTS;
    private Duration checkpointEveryInterval = EvidenceSettings.DEFAULT_EVERY_INTERVAL;

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
     * The secret that signs the cursors of {@code list} and {@code listRecipients}, so that a cursor cannot be forged,
     * altered or used with another organisation or filter. Give every instance of an application the same key (at
     * least 32 random bytes, from the host's secret store): a cursor signed by one facade is accepted only by facades
     * with the same key. Unset, each facade signs with a random key of its own, so its cursors are refused by other
     * instances and after a restart ({@link ErrorCode#BAD_REQUEST} naming {@code cursor}): fine for one instance,
     * not for several behind a load balancer.
     *
     * @param cursorKey at least 32 bytes, copied; {@code null} for a random key of this facade
     * @return this builder
     */
    public CommunicationCentreBuilder cursorKey(byte[] cursorKey) {
        this.cursorKey = cursorKey == null ? null : cursorKey.clone();
        return this;
    }

    /**
     * The secret that signs the correlation tokens outgoing messages carry and provider webhooks give back, so that a
     * webhook cannot name another organisation's recipient. Give every instance the same key (at least 32 random
     * bytes, from the host's secret store), and keep it: a token signed with another key is refused. Unset, each facade
     * signs with a random key of its own, so its tokens are refused by other instances and after a restart (the
     * events are answered {@code REJECTED}): fine for tests, not for production.
     *
     * @param correlationKey at least 32 bytes, copied; {@code null} for a random key of this facade
     * @return this builder
     */
    public CommunicationCentreBuilder correlationKey(byte[] correlationKey) {
        this.correlationKey = correlationKey == null ? null : correlationKey.clone();
        return this;
    }

    /**
     * @param letterRenderer renders letters for {@code letter} and {@code letterPreview} (the letters module's
     *                       {@code PdfLetterRenderer}, with the organisation's letterhead); unset, those calls answer
     *                       {@code UNAVAILABLE}
     * @return this builder
     */
    public CommunicationCentreBuilder letterRenderer(LetterRenderer letterRenderer) {
        this.letterRenderer = letterRenderer;
        return this;
    }

    /**
     * Registers how communications on one channel are delivered by the dispatcher. Register the same channels on every
     * instance: an instance without the channel of a sending communication leaves it to the others.
     *
     * @param channel a channel name as communications carry it ({@code email}, {@code post}, {@code portal}, a custom
     *                one): not blank, at most 50 characters, matched trimmed
     * @param deliveryChannel what delivers its messages
     * @return this builder
     * @throws IllegalArgumentException when the name is blank or too long, the channel null, or the name registered twice
     */
    public CommunicationCentreBuilder deliveryChannel(String channel, DeliveryChannel deliveryChannel) {
        String name = channel == null ? "" : channel.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > 50) {
            throw new IllegalArgumentException("a delivery channel's name must be 1 to 50 characters: '" + channel + "'");
        }
        if (deliveryChannel == null) {
            throw new IllegalArgumentException("the delivery channel for '" + name + "' must not be null");
        }
        if (deliveryChannels.putIfAbsent(name, deliveryChannel) != null) {
            throw new IllegalArgumentException("a delivery channel is already registered for '" + name + "'");
        }
        return this;
    }

    /**
     * @param dispatchSettings batch size, lease, retry budget, channel timeout and rate limits; defaults to
     *                         {@link DispatchSettings#defaults()}
     * @return this builder
     */
    public CommunicationCentreBuilder dispatchSettings(DispatchSettings dispatchSettings) {
        if (dispatchSettings == null) {
            throw new IllegalArgumentException("dispatchSettings must not be null: leave it unset for the defaults");
        }
        this.dispatchSettings = dispatchSettings;
        return this;
    }

    /**
     * The Ed25519 key pair that signs checkpoints of each organisation's audit chain (and evidence packs), from the
     * host's secret store: {@code KeyPairGenerator.getInstance("Ed25519")} makes one, and the JDK's {@code KeyFactory}
     * reads it back. Given a key, the library grows a Merkle tree over every organisation's chain as it links events,
     * signs checkpoints of it ({@link #checkpointEvery}), hands each to the {@link #checkpointPublisher}, and makes
     * evidence packs. The private key is never written to the database. Give every instance the same pair; publish
     * its public key (or its fingerprint, {@link SignedCheckpoint#fingerprint}) where those who check packs find it.
     *
     * @param keyPair an Ed25519 key pair, or {@code null} for none (no tree, no checkpoints, no packs)
     * @return this builder
     */
    public CommunicationCentreBuilder checkpointKey(KeyPair keyPair) {
        this.checkpointKey = keyPair;
        return this;
    }

    /**
     * Public keys of checkpoint key pairs used before the current one (after a rotation), so that verification still
     * accepts the checkpoints they signed. An instance that only verifies may be given public keys here and no
     * {@link #checkpointKey} at all.
     *
     * @param publicKeys Ed25519 public keys
     * @return this builder
     */
    public CommunicationCentreBuilder previousCheckpointKeys(PublicKey... publicKeys) {
        for (PublicKey key : publicKeys) {
            if (key == null) {
                throw new IllegalArgumentException("a previous checkpoint key must not be null");
            }
            previousCheckpointKeys.add(key);
        }
        return this;
    }

    /**
     * @param publisher receives every checkpoint once it is stored, to keep a copy outside the database; defaults to
     *                  {@link CheckpointPublisher#NONE}
     * @return this builder
     */
    public CommunicationCentreBuilder checkpointPublisher(CheckpointPublisher publisher) {
        if (publisher == null) {
            throw new IllegalArgumentException("checkpointPublisher must not be null: leave it unset for none");
        }
        this.checkpointPublisher = publisher;
        return this;
    }

    /**
     * How often the library signs a checkpoint by itself, while linking an organisation's events: at its first linking,
     * then once {@code events} events were linked since its last checkpoint, or at the first linking {@code interval}
     * after it. Defaults to 1,000 events or one hour. {@code checkpoint(caller)} makes one on demand.
     *
     * @param events   at least 1
     * @param interval at least one second
     * @return this builder
     */
    public CommunicationCentreBuilder checkpointEvery(long events, Duration interval) {
        if (events < 1) {
            throw new IllegalArgumentException("a checkpoint every " + events + " events: it must be at least 1");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a checkpoint every " + interval + ": it must be at least one second");
        }
        this.checkpointEveryEvents = events;
        this.checkpointEveryInterval = interval;
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
        if (cursorKey != null && cursorKey.length < MIN_CURSOR_KEY_BYTES) {
            throw new IllegalStateException("cursorKey must have at least " + MIN_CURSOR_KEY_BYTES + " bytes (it had "
                    + cursorKey.length + "): use 32 random bytes from your secret store, the same on every instance");
        }
        if (correlationKey != null && correlationKey.length < MIN_CURSOR_KEY_BYTES) {
            throw new IllegalStateException("correlationKey must have at least " + MIN_CURSOR_KEY_BYTES + " bytes (it had "
                    + correlationKey.length + "): use 32 random bytes from your secret store, the same on every instance");
        }
        EvidenceSettings evidence;
        try {
            evidence = new EvidenceSettings(new CheckpointSigner(checkpointKey, previousCheckpointKeys),
                    checkpointPublisher, checkpointEveryEvents, checkpointEveryInterval);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new DefaultCommunicationCentre(store, directory, clock, htmlSanitizer, auditLinkingBound, cursorKey,
                deliveryChannels, dispatchSettings, correlationKey, letterRenderer, evidence);
    }
}
