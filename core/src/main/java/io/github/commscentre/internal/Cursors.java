package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.spi.CommunicationKey;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors, signed. A cursor carries a format version, the listing kind and the position; an
 * HMAC-SHA256 under the facade's cursor key covers those and the listing the cursor belongs to (organisation and
 * filter, and for recipients the communication), which the cursor itself does not carry. So a cursor cannot be
 * forged, altered, or used with another organisation, filter or communication, and it says nothing about the
 * organisation; any of that is {@code BAD_REQUEST} naming {@code cursor}. A signed position is checked still, so
 * that an instant no store keeps is refused here rather than failing in the store.
 *
 * <p>Layout, base64url without padding: version (1 byte, 2), kind (1 byte, {@code 'C'} or {@code 'R'}), the
 * position (communications: epoch seconds, 8 bytes, nanoseconds, 4 bytes, id, 16 bytes; recipients: position,
 * 8 bytes; big-endian), then the first 16 bytes of HMAC-SHA256(key, {@code "commscentre-cursor"}, 0, version, kind,
 * position, then each listing field as a 4-byte length, -1 for none, and its UTF-8 bytes). docs/decisions.md has the
 * fields of each listing.
 */
final class Cursors {

    /** The smallest key the builder accepts: HMAC-SHA256's own strength. */
    static final int MIN_KEY_BYTES = 32;

    private static final byte VERSION = 2;
    private static final byte COMMUNICATIONS = 'C';
    private static final byte RECIPIENTS = 'R';
    private static final int MAC_BYTES = 16;
    private static final int COMMUNICATION_POSITION_BYTES = 8 + 4 + 16;
    private static final int RECIPIENT_POSITION_BYTES = 8;
    private static final byte[] DOMAIN = "commscentre-cursor\u0000".getBytes(StandardCharsets.UTF_8);
    /** The first instant every store keeps: year 1, as PostgreSQL and H2 timestamps hold it without an era. */
    private static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

    private final Mac prototype;

    /** @param key the host's secret, at least {@link #MIN_KEY_BYTES} bytes, or {@code null} for a random key of this instance */
    Cursors(byte[] key) {
        byte[] secret = key == null ? randomKey() : key.clone();
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a cursor key must have at least " + MIN_KEY_BYTES + " bytes, had " + secret.length);
        }
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    String communications(String organisationId, CommunicationFilter filter, CommunicationKey position) {
        ByteBuffer body = body(COMMUNICATIONS, COMMUNICATION_POSITION_BYTES);
        body.putLong(position.createdAt().getEpochSecond()).putInt(position.createdAt().getNano());
        body.putLong(position.id().getMostSignificantBits()).putLong(position.id().getLeastSignificantBits());
        return seal(body.array(), listing(organisationId, filter));
    }

    CommunicationKey communicationsAfter(String organisationId, CommunicationFilter filter, String cursor) {
        ByteBuffer position = open(cursor, COMMUNICATIONS, COMMUNICATION_POSITION_BYTES, listing(organisationId, filter));
        long seconds = position.getLong();
        int nanos = position.getInt();
        if (nanos < 0 || nanos > 999_999_999 || seconds < EARLIEST_INSTANT.getEpochSecond()
                || seconds > CommunicationInput.LATEST_INSTANT.getEpochSecond()) {
            throw invalid();
        }
        Instant createdAt = Instant.ofEpochSecond(seconds, nanos);
        if (createdAt.isAfter(CommunicationInput.LATEST_INSTANT)) {
            throw invalid();
        }
        return new CommunicationKey(createdAt, new UUID(position.getLong(), position.getLong()));
    }

    String recipients(String organisationId, UUID communicationId, DeliveryStatus status, long position) {
        ByteBuffer body = body(RECIPIENTS, RECIPIENT_POSITION_BYTES).putLong(position);
        return seal(body.array(), listing(organisationId, communicationId, status));
    }

    long recipientsAfter(String organisationId, UUID communicationId, DeliveryStatus status, String cursor) {
        long position = open(cursor, RECIPIENTS, RECIPIENT_POSITION_BYTES, listing(organisationId, communicationId, status))
                .getLong();
        if (position < 0) {
            throw invalid();
        }
        return position;
    }

    /** The listing a communications cursor belongs to: organisation, then each filter field, absent ones as none. */
    private static byte[] listing(String organisationId, CommunicationFilter f) {
        return fields(organisationId, f.blockId(), f.unitId(),
                f.communicationType() == null ? null : f.communicationType().wireName(),
                f.status() == null ? null : f.status().wireName());
    }

    /** The listing a recipients cursor belongs to: organisation, communication, the status filter or none. */
    private static byte[] listing(String organisationId, UUID communicationId, DeliveryStatus status) {
        return fields(organisationId, communicationId.toString(), status == null ? null : status.wireName());
    }

    /** Each field with its length in front, so that no two listings encode alike ("a" + "bc" is not "ab" + "c"). */
    private static byte[] fields(String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String value : values) {
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
            if (bytes != null) {
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static ByteBuffer body(byte kind, int positionBytes) {
        return ByteBuffer.allocate(2 + positionBytes).put(VERSION).put(kind);
    }

    private String seal(byte[] body, byte[] listing) {
        byte[] sealed = Arrays.copyOf(body, body.length + MAC_BYTES);
        System.arraycopy(mac(body, listing), 0, sealed, body.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /** @return the position, after the cursor proved to be one this key signed for this listing */
    private ByteBuffer open(String cursor, byte kind, int positionBytes, byte[] listing) {
        int bodyLength = 2 + positionBytes;
        // a cursor longer than any this facade issues is refused before it is decoded
        if (cursor.length() > 4 * (bodyLength + MAC_BYTES)) {
            throw invalid();
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (sealed.length != bodyLength + MAC_BYTES || sealed[0] != VERSION || sealed[1] != kind) {
            throw invalid();
        }
        byte[] body = Arrays.copyOf(sealed, bodyLength);
        if (!MessageDigest.isEqual(mac(body, listing), Arrays.copyOfRange(sealed, bodyLength, sealed.length))) {
            throw invalid();
        }
        return ByteBuffer.wrap(body, 2, positionBytes);
    }

    private byte[] mac(byte[] body, byte[] listing) {
        Mac mac = newMac();
        mac.update(DOMAIN);
        mac.update(body);
        mac.update(listing);
        return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    }

    /** A Mac is not thread-safe; a clone of the initialised prototype costs less than initialising a new one. */
    private Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JVM's HmacSHA256 cannot be cloned", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static CommunicationCentreException invalid() {
        return CommunicationCentreException.badRequest("cursor", "is not a cursor of this listing: pass the nextCursor of a "
                + "previous page of the same listing (same organisation, filter and communication) unchanged; cursors are "
                + "signed with the facade's cursorKey, so one from a facade with another key (another instance without a "
                + "shared cursorKey, or before a restart) is refused too");
    }
}
