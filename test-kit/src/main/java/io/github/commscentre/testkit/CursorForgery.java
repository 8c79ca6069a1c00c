package io.github.commscentre.testkit;

import io.github.commscentre.CommunicationFilter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Builds listing cursors from the layout docs/decisions.md documents ("Cursors are signed"), as someone holding
 * (or guessing) a cursor key would: with the right key it makes a cursor the facade accepts, which proves the layout;
 * with a wrong key, a forgery the facade must refuse; with the right key and a position no store keeps, what a leaked
 * key would allow.
 */
final class CursorForgery {

    private CursorForgery() {
    }

    /**
     * @return a communications cursor of the listing (organisation, filter) continuing after (createdAt, id),
     *         signed with {@code key}
     */
    static String communications(byte[] key, String organisationId, CommunicationFilter filter, Instant createdAt, UUID id) {
        ByteBuffer body = ByteBuffer.allocate(2 + 8 + 4 + 16).put((byte) 2).put((byte) 'C')
                .putLong(createdAt.getEpochSecond()).putInt(createdAt.getNano())
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        byte[] listing = fields(organisationId, filter.blockId(), filter.unitId(),
                filter.communicationType() == null ? null : filter.communicationType().wireName(),
                filter.status() == null ? null : filter.status().wireName());
        byte[] mac = hmac(key, "commscentre-cursor\u0000".getBytes(StandardCharsets.UTF_8), body.array(), listing);
        byte[] cursor = Arrays.copyOf(body.array(), body.capacity() + 16);
        System.arraycopy(mac, 0, cursor, body.capacity(), 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor);
    }

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

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
