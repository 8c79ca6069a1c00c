package io.github.commscentre.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The correlation token an outgoing message carries and a provider's webhook gives back: it names the organisation
 * and the recipient, and a keyed MAC makes it impossible to forge or alter, so a webhook cannot name another
 * organisation's recipient. The organisation is readable in the token (the webhook's events are routed by it without a
 * look-up); the key is the host's secret ({@code correlationKey} on the builder).
 *
 * <p>Layout: {@code cc1.} base64url(UTF-8 of the organisation id) {@code .} base64url(the recipient id's 16 bytes, then
 * the first 16 bytes of HMAC-SHA256(key, "commscentre-correlation", 0, length and UTF-8 of the organisation id, the
 * recipient id's 16 bytes))}, without padding.
 */
final class CorrelationTokens {

    /** The smallest key the builder accepts: HMAC-SHA256's own strength. */
    static final int MIN_KEY_BYTES = 32;
    /** The longest token this format makes (an organisation id of 100 four-byte characters), and the most it reads. */
    static final int MAX_LENGTH = 4 + 536 + 1 + 43;

    private static final String PREFIX = "cc1.";
    private static final int MAC_BYTES = 16;
    private static final byte[] DOMAIN = "commscentre-correlation\u0000".getBytes(StandardCharsets.UTF_8);

    /** What a valid token names. */
    record Named(String organisationId, UUID recipientId) {
    }

    private final Mac prototype;

    /** @param key the host's secret, at least {@link #MIN_KEY_BYTES} bytes, or {@code null} for a random key */
    CorrelationTokens(byte[] key) {
        byte[] secret = key == null ? randomKey() : key.clone();
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a correlation key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    String token(String organisationId, UUID recipientId) {
        byte[] org = organisationId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer tail = ByteBuffer.allocate(16 + MAC_BYTES);
        tail.putLong(recipientId.getMostSignificantBits()).putLong(recipientId.getLeastSignificantBits());
        tail.put(mac(org, recipientId), 0, MAC_BYTES);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return PREFIX + b64.encodeToString(org) + "." + b64.encodeToString(tail.array());
    }

    /** @return what the token names, if it is one of ours, unaltered; empty otherwise */
    Optional<Named> open(String token) {
        if (token == null || token.length() > MAX_LENGTH || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = token.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            byte[] org = b64.decode(token.substring(PREFIX.length(), dot));
            byte[] tail = b64.decode(token.substring(dot + 1));
            if (tail.length != 16 + MAC_BYTES) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(tail);
            UUID recipientId = new UUID(buffer.getLong(), buffer.getLong());
            byte[] given = new byte[MAC_BYTES];
            buffer.get(given);
            byte[] expected = java.util.Arrays.copyOf(mac(org, recipientId), MAC_BYTES);
            if (!MessageDigest.isEqual(given, expected)) {
                return Optional.empty();
            }
            String organisationId = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(org)).toString();
            return Optional.of(new Named(organisationId, recipientId));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] org, UUID recipientId) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned in this JVM", e);
        }
        mac.update(DOMAIN);
        mac.update(ByteBuffer.allocate(4).putInt(org.length).array());
        mac.update(org);
        mac.update(ByteBuffer.allocate(16).putLong(recipientId.getMostSignificantBits())
                .putLong(recipientId.getLeastSignificantBits()).array());
        return mac.doFinal();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
