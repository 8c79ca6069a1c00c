package io.github.commscentre.internal;

import io.github.commscentre.Communication;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** SHA-256 digests of text, of a communication's content and of a recipient snapshot list. */
final class Digests {

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every stored field of the communication, so that any later change to the row is noticed. */
    static String contentSha256(Communication c) {
        return sha256Hex(CanonicalJson.encode(contentFields(c)));
    }

    /** @return the fields {@link #contentSha256} covers, by name */
    static Map<String, Object> contentFields(Communication c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", c.id());
        fields.put("organisationId", c.organisationId());
        fields.put("communicationType", c.communicationType().wireName());
        fields.put("subject", c.subject());
        fields.put("bodyHtml", c.bodyHtml());
        fields.put("blockId", c.blockId());
        fields.put("unitId", c.unitId());
        fields.put("channel", c.channel());
        fields.put("status", c.status().wireName());
        fields.put("scheduledAt", c.scheduledAt());
        fields.put("sentAt", c.sentAt());
        fields.put("sentBy", c.sentBy());
        fields.put("failedAt", c.failedAt());
        fields.put("failureReason", c.failureReason());
        fields.put("notes", c.notes());
        fields.put("createdBy", c.createdBy());
        fields.put("createdAt", c.createdAt());
        fields.put("updatedAt", c.updatedAt());
        fields.put("version", c.version());
        return fields;
    }

    /** The details key of a sent/failed event that says which version of the recipients digest it holds. */
    static final String RECIPIENTS_VERSION_KEY = "recipientsSha256Version";
    /**
     * The recipients digest written from now on. Version 1 (events without {@link #RECIPIENTS_VERSION_KEY}) covers
     * recipientId, unitId, position, name and email; version 2 adds addedAt and addedBy, so that who added a recipient
     * when cannot be rewritten either; version 3 adds the postal address snapshot (address lines, town, postcode,
     * country), so that where a letter went cannot be rewritten; version 4 covers the same fields, but as a list of
     * per-recipient digests ({@link #elementSha256}), so that one recipient's snapshot can be shown, or erased, without
     * the others': the digest of the list stays provable when a leaseholder's personal data is erased years later.
     * Events stored with an older version are verified that version's way for ever.
     */
    static final int RECIPIENTS_VERSION = 4;

    /**
     * @param stored the value of {@link #RECIPIENTS_VERSION_KEY} in a sent/failed event's details, or {@code null}
     * @return the version it names, or 0 when it names none this library knows
     */
    static int recipientsVersion(String stored) {
        if (stored == null) {
            return 1;
        }
        return switch (stored) {
            case "2" -> 2;
            case "3" -> 3;
            case "4" -> 4;
            default -> 0;
        };
    }

    /**
     * Digest of the recipient snapshots in position order, fed one recipient at a time so that 50,000
     * recipients never need to sit in memory together. Delivery status is left out: it moves on after sending.
     */
    static final class RecipientSnapshots {
        private final MessageDigest digest = sha256();
        private final int version;
        private long count;

        /** @param version 1 to 4, see {@link #RECIPIENTS_VERSION} */
        RecipientSnapshots(int version) {
            if (version < 1 || version > 4) {
                throw new IllegalArgumentException("no recipients digest version " + version);
            }
            this.version = version;
        }

        void add(Recipient r) {
            if (version == 4) {
                addElement(elementSha256(r));
                return;
            }
            String element = (count == 0 ? "[" : ",") + CanonicalJson.encode(snapshot(r, version));
            digest.update(element.getBytes(StandardCharsets.UTF_8));
            count++;
        }

        /**
         * Version 4 only: a recipient by its snapshot's digest, as kept for a recipient whose personal data was erased.
         *
         * @param elementSha256 the {@link #elementSha256} of its snapshot
         */
        void addElement(String elementSha256) {
            if (version != 4) {
                throw new IllegalStateException("only version 4 lists recipients by digest");
            }
            String element = (count == 0 ? "[" : ",") + CanonicalJson.encode(elementSha256);
            digest.update(element.getBytes(StandardCharsets.UTF_8));
            count++;
        }

        long count() {
            return count;
        }

        String hex() {
            digest.update((count == 0 ? "[]" : "]").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /**
     * @param r a recipient
     * @return the SHA-256 of the canonical JSON of its snapshot (the eleven keys of version 3: recipientId, unitId,
     *         position, name, email, addedAt, addedBy, addressLines, town, postcode, country): one element of a
     *         version 4 recipients digest
     */
    static String elementSha256(Recipient r) {
        return sha256Hex(CanonicalJson.encode(snapshot(r, 3)));
    }

    /** @return the snapshot fields a digest of that version covers, by name */
    static Map<String, Object> snapshot(Recipient r, int version) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recipientId", r.id());
        fields.put("unitId", r.unitId());
        fields.put("position", r.position());
        fields.put("name", r.recipientName());
        fields.put("email", r.recipientEmail());
        if (version >= 2) {
            fields.put("addedAt", r.addedAt());
            fields.put("addedBy", r.addedBy());
        }
        if (version >= 3) {
            PostalAddress a = r.postalAddress();
            fields.put("addressLines", a == null ? null : String.join("\n", a.lines()));
            fields.put("town", a == null ? null : a.town());
            fields.put("postcode", a == null ? null : a.postcode());
            fields.put("country", a == null ? null : a.country());
        }
        return fields;
    }
}
