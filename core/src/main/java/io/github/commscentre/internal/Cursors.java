package io.github.commscentre.internal;

import io.github.commscentre.CommunicationCentreException;
import io.github.commscentre.spi.CommunicationKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors. A cursor carries its position, a fingerprint of the listing it belongs to
 * (organisation, filter, and for recipients the communication) and a checksum. A cursor that is
 * malformed, altered, or taken from another listing is refused with {@code BAD_REQUEST} naming
 * {@code cursor}. The fingerprint binds a cursor to its listing; it is not a secret, because a forged
 * cursor can only move a position within the caller's own organisation.
 */
final class Cursors {

    private static final byte VERSION = 1;
    private static final byte COMMUNICATIONS = 'C';
    private static final byte RECIPIENTS = 'R';
    private static final int SCOPE_BYTES = 16;
    private static final int CHECK_BYTES = 8;

    private Cursors() {
    }

    static String communications(String scope, CommunicationKey key) {
        ByteBuffer body = ByteBuffer.allocate(2 + SCOPE_BYTES + 8 + 4 + 16);
        body.put(VERSION).put(COMMUNICATIONS).put(scopeHash(scope));
        body.putLong(key.createdAt().getEpochSecond()).putInt(key.createdAt().getNano());
        body.putLong(key.id().getMostSignificantBits()).putLong(key.id().getLeastSignificantBits());
        return seal(body.array());
    }

    static CommunicationKey communicationsAfter(String scope, String cursor) {
        ByteBuffer body = open(cursor, COMMUNICATIONS, scope, 8 + 4 + 16);
        long seconds = body.getLong();
        int nanos = body.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            throw malformed();
        }
        Instant createdAt;
        try {
            createdAt = Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw malformed();
        }
        return new CommunicationKey(createdAt, new UUID(body.getLong(), body.getLong()));
    }

    static String recipients(String scope, long position) {
        ByteBuffer body = ByteBuffer.allocate(2 + SCOPE_BYTES + 8);
        body.put(VERSION).put(RECIPIENTS).put(scopeHash(scope)).putLong(position);
        return seal(body.array());
    }

    static long recipientsAfter(String scope, String cursor) {
        long position = open(cursor, RECIPIENTS, scope, 8).getLong();
        if (position < 0) {
            throw malformed();
        }
        return position;
    }

    private static String seal(byte[] body) {
        byte[] sealed = Arrays.copyOf(body, body.length + CHECK_BYTES);
        System.arraycopy(check(body), 0, sealed, body.length, CHECK_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    private static ByteBuffer open(String cursor, byte kind, String scope, int positionBytes) {
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        int bodyLength = 2 + SCOPE_BYTES + positionBytes;
        if (sealed.length != bodyLength + CHECK_BYTES) {
            throw malformed();
        }
        byte[] body = Arrays.copyOf(sealed, bodyLength);
        if (!MessageDigest.isEqual(check(body), Arrays.copyOfRange(sealed, bodyLength, sealed.length))) {
            throw malformed();
        }
        if (body[0] != VERSION || body[1] != kind) {
            throw foreign();
        }
        if (!MessageDigest.isEqual(scopeHash(scope), Arrays.copyOfRange(body, 2, 2 + SCOPE_BYTES))) {
            throw foreign();
        }
        return ByteBuffer.wrap(body, 2 + SCOPE_BYTES, positionBytes);
    }

    private static byte[] scopeHash(String scope) {
        return Arrays.copyOf(Digests.sha256().digest(scope.getBytes(StandardCharsets.UTF_8)), SCOPE_BYTES);
    }

    private static byte[] check(byte[] body) {
        MessageDigest digest = Digests.sha256();
        digest.update("commscentre-cursor".getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest.digest(body), CHECK_BYTES);
    }

    private static CommunicationCentreException malformed() {
        return CommunicationCentreException.badRequest("cursor", "is malformed: pass nextCursor from a previous page unchanged");
    }

    private static CommunicationCentreException foreign() {
        return CommunicationCentreException.badRequest("cursor",
                "belongs to another listing: use it only with the same organisation, filter and communication");
    }
}
