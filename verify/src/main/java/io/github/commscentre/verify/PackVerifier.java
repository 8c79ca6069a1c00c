package io.github.commscentre.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.github.commscentre.verify.PackFields.map;
import static io.github.commscentre.verify.PackFields.maps;
import static io.github.commscentre.verify.PackFields.num;
import static io.github.commscentre.verify.PackFields.str;
import static io.github.commscentre.verify.PackFields.strings;

/**
 * Checks an evidence pack ({@code communication-centre-evidence-pack/1}) against the organisation's Ed25519 public key,
 * with nothing but the JDK: that the file is exactly the canonical JSON the library signed and that its signature
 * verifies; that every checkpoint in it is signed by that key and consistent with the last one; that every event's
 * hash matches its content and its Merkle inclusion proof leads to the last checkpoint's root; and that the content
 * and the recipients it carries have the digests the {@code sent}/{@code failed} event recorded. Any difference, one
 * byte edited anywhere, refuses the pack.
 *
 * <p>The checks are the library's own rules, written again here from {@code docs/evidence.md} so that this verifier
 * depends on none of the library's code.
 */
public final class PackVerifier {

    /** The format this verifier knows. */
    public static final String FORMAT = "communication-centre-evidence-pack/1";
    private static final String CHECKPOINT_TYPE = "communication-centre-checkpoint/1";
    private static final String GENESIS = "0".repeat(64);

    /**
     * The outcome of a check.
     *
     * @param verified whether every check passed
     * @param problems why the pack is refused (empty when verified)
     * @param checks   what was checked and found right, one sentence each, for the reader
     * @param pack     the pack as parsed (maps, lists, strings, longs), or {@code null} when it is not JSON
     */
    public record Result(boolean verified, List<String> problems, List<String> checks, Map<String, Object> pack) {
        /** Unmodifiable copies. */
        public Result {
            problems = List.copyOf(problems);
            checks = List.copyOf(checks);
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();

    private PackVerifier() {
    }

    /**
     * @param packBytes the pack file's bytes
     * @param publicKey the organisation's checkpoint public key, from a source the checker trusts
     * @return the outcome
     */
    public static Result verify(byte[] packBytes, PublicKey publicKey) {
        Objects.requireNonNull(packBytes, "packBytes must not be null");
        Objects.requireNonNull(publicKey, "publicKey must not be null");
        PackVerifier v = new PackVerifier();
        Map<String, Object> pack = v.run(packBytes, publicKey);
        return new Result(v.problems.isEmpty(), v.problems, v.checks, pack);
    }

    /**
     * @param text a public key as PEM ({@code -----BEGIN PUBLIC KEY-----}) or as the Base64 of its X.509 encoding
     * @return the Ed25519 key
     * @throws IllegalArgumentException when it is neither, or not an Ed25519 key
     */
    public static PublicKey readPublicKey(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (PEM, or the Base64 of its X.509 encoding): "
                    + e.getMessage(), e);
        }
    }

    /** @param key a public key @return the SHA-256 (hex) of its X.509 encoding, as packs and checkpoints name it */
    public static String fingerprint(PublicKey key) {
        return Rfc6962.hex(Rfc6962.sha256(key.getEncoded()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(byte[] bytes, PublicKey key) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add("the file is not a pack: " + e.getMessage());
            return null;
        }
        if (!(parsed instanceof Map)) {
            problems.add("the file is not a pack: not a JSON object");
            return null;
        }
        Map<String, Object> pack = (Map<String, Object>) parsed;
        if (!Json.canonical(pack).equals(text)) {
            problems.add("the file is not exactly the document the library wrote (canonical JSON): it was edited or"
                    + " re-formatted");
            return pack;
        }
        try {
            checkPack(pack, key);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            problems.add("the pack is malformed: a field is missing or of the wrong kind (" + e + ")");
        }
        return pack;
    }

    private void checkPack(Map<String, Object> pack, PublicKey key) {
        if (!FORMAT.equals(pack.get("format"))) {
            problems.add("the pack's format is " + pack.get("format") + ", not " + FORMAT);
            return;
        }
        String fingerprint = fingerprint(key);
        Map<String, Object> publicKey = map(pack.get("publicKey"));
        if (!fingerprint.equals(publicKey.get("fingerprint"))
                || !Base64.getEncoder().encodeToString(key.getEncoded()).equals(publicKey.get("x509"))) {
            problems.add("the pack names key " + publicKey.get("fingerprint") + ", not the key given (" + fingerprint + ")");
            return;
        }
        Map<String, Object> unsigned = new LinkedHashMap<>(pack);
        String packSignature = str(unsigned.remove("packSignature"));
        if (!signatureValid(key, Json.canonical(unsigned).getBytes(StandardCharsets.UTF_8), packSignature)) {
            problems.add("the pack's own signature does not verify: it was altered after it was made");
        } else {
            checks.add("the pack is the document the holder of key " + fingerprint + " made, unaltered (its signature"
                    + " verifies)");
        }
        String organisation = str(pack.get("organisationId"));
        String communication = str(pack.get("communicationId"));
        List<Map<String, Object>> checkpoints = maps(pack.get("checkpoints"));
        if (checkpoints.isEmpty()) {
            problems.add("the pack has no checkpoint");
            return;
        }
        Map<String, Object> last = checkpoints.get(checkpoints.size() - 1);
        long lastSize = num(last.get("treeSize"));
        String lastRoot = str(last.get("rootHash"));
        checkCheckpoints(checkpoints, organisation, fingerprint, key, lastSize, lastRoot);
        List<Map<String, Object>> events = maps(pack.get("events"));
        checkEvents(events, checkpoints, organisation, communication, lastSize, lastRoot);
        checkContent(pack, events, communication);
        checkRecipients(maps(pack.get("recipients")), events);
    }

    private void checkCheckpoints(List<Map<String, Object>> checkpoints, String organisation, String fingerprint,
                                  PublicKey key, long lastSize, String lastRoot) {
        long previous = -1;
        for (Map<String, Object> c : checkpoints) {
            long size = num(c.get("treeSize"));
            String root = str(c.get("rootHash"));
            String where = "checkpoint " + size + " (signed " + c.get("signedAt") + ")";
            if (size <= previous) {
                problems.add("the checkpoints are not in increasing size at " + where);
            }
            previous = size;
            if (!organisation.equals(c.get("organisationId")) || !fingerprint.equals(c.get("keyFingerprint"))) {
                problems.add(where + " is of another organisation or key");
                continue;
            }
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("organisationId", organisation);
            statement.put("rootHash", root);
            statement.put("signedAt", c.get("signedAt"));
            statement.put("treeSize", size);
            statement.put("type", CHECKPOINT_TYPE);
            if (!signatureValid(key, Json.canonical(statement).getBytes(StandardCharsets.UTF_8), str(c.get("signature")))) {
                problems.add(where + ": its signature does not verify");
                continue;
            }
            List<String> proof = strings(c.get("consistencyProof"));
            if (size == lastSize) {
                if (!proof.isEmpty() || !root.equals(lastRoot)) {
                    problems.add(where + " disagrees with the pack's last checkpoint of the same size");
                }
                checks.add(where + ": signature valid; " + size + " events of the organisation's chain, root " + root);
            } else if (!Rfc6962.consistent(size, lastSize, root, lastRoot, proof)) {
                problems.add(where + " is not consistent with checkpoint " + lastSize + ": the chain was rewritten between them");
            } else {
                checks.add(where + ": signature valid, and checkpoint " + lastSize + " holds it unchanged (consistency proof)");
            }
        }
    }

    private void checkEvents(List<Map<String, Object>> events, List<Map<String, Object>> checkpoints, String organisation,
                             String communication, long lastSize, String lastRoot) {
        if (events.isEmpty()) {
            problems.add("the pack has no event");
        }
        long previousSequence = 0;
        String previousHash = null;
        for (Map<String, Object> e : events) {
            long sequence = num(e.get("sequence"));
            String where = "event " + sequence + " (" + e.get("type") + ", " + e.get("occurredAt") + ")";
            if (sequence <= previousSequence) {
                problems.add(where + " is out of order");
            }
            if (!organisation.equals(e.get("organisationId")) || !communication.equals(e.get("communicationId"))) {
                problems.add(where + " is of another organisation or communication");
            }
            Map<String, Object> hashed = new LinkedHashMap<>(e);
            hashed.remove("hash");
            hashed.remove("inclusionProof");
            hashed.remove("witnessedBy");
            String hash = sha256Hex(Json.canonical(hashed));
            if (!hash.equals(e.get("hash"))) {
                problems.add(where + ": its hash does not match its content");
                continue;
            }
            if (sequence == 1 && !GENESIS.equals(e.get("previousHash"))
                    || sequence == previousSequence + 1 && previousHash != null && !previousHash.equals(e.get("previousHash"))) {
                problems.add(where + " does not link to the event before it");
            }
            previousSequence = sequence;
            previousHash = hash;
            if (sequence < 1 || sequence > lastSize
                    || !lastRoot.equals(Rfc6962.rootFromInclusion(sequence - 1, lastSize, Rfc6962.leaf(hash), strings(e.get("inclusionProof"))))) {
                problems.add(where + ": its inclusion proof does not lead to checkpoint " + lastSize);
                continue;
            }
            long witness = num(e.get("witnessedBy"));
            boolean listed = checkpoints.stream().anyMatch(c -> num(c.get("treeSize")) == witness);
            if (!listed || witness < sequence) {
                problems.add(where + " names checkpoint " + witness + " as its first, which the pack does not hold or"
                        + " which does not cover it");
                continue;
            }
            checks.add(where + ": hash recomputed, in the chain at sequence " + sequence + " of checkpoint " + lastSize
                    + ", first covered by checkpoint " + witness);
        }
    }

    private void checkContent(Map<String, Object> pack, List<Map<String, Object>> events, String communication) {
        Object content = pack.get("communication");
        Map<String, Object> outcome = outcome(events);
        if (content == null) {
            checks.add("the communication is no longer stored (deleted): the pack holds its events only");
            return;
        }
        String digest = sha256Hex(Json.canonical(content));
        if (!digest.equals(pack.get("contentSha256")) || !communication.equals(map(content).get("id"))) {
            problems.add("the content's digest is not the one the pack states");
            return;
        }
        if (outcome == null) {
            checks.add("content digest " + digest + " (the communication was not sent or failed when the pack was made:"
                    + " no event vouches for its content yet)");
            return;
        }
        if (!digest.equals(map(outcome.get("details")).get("contentSha256"))) {
            problems.add("the content is not the one the " + outcome.get("type") + " event " + outcome.get("sequence")
                    + " recorded (contentSha256)");
            return;
        }
        checks.add("content: SHA-256 " + digest + ", as the " + outcome.get("type") + " event " + outcome.get("sequence")
                + " recorded");
    }

    private void checkRecipients(List<Map<String, Object>> recipients, List<Map<String, Object>> events) {
        Map<String, Object> outcome = outcome(events);
        Map<String, String> erasedByEvent = new LinkedHashMap<>();
        Map<String, Object> lastErasure = null;
        for (Map<String, Object> e : events) {
            if ("personal_data_erased".equals(e.get("type"))) {
                erasedByEvent.put(str(e.get("recipientId")), str(map(e.get("details")).get("elementSha256")));
                lastErasure = e;
            }
        }
        List<String> elements = new ArrayList<>();
        List<Map<String, Object>> snapshots = new ArrayList<>();
        long erasedCount = 0;
        for (int i = 0; i < recipients.size(); i++) {
            Map<String, Object> r = recipients.get(i);
            Map<String, Object> snapshot = snapshot(r);
            if (num(r.get("position")) != i + 1) {
                problems.add("recipient " + r.get("recipientId") + " is not at its position");
            }
            if (Boolean.TRUE.equals(r.get("erased"))) {
                erasedCount++;
                boolean noData = r.get("name") == null && r.get("email") == null && r.get("addressLines") == null
                        && r.get("town") == null && r.get("postcode") == null && r.get("country") == null;
                if (!noData || !Objects.equals(erasedByEvent.get(str(r.get("recipientId"))), r.get("elementSha256"))) {
                    problems.add("recipient " + r.get("recipientId") + " is shown as erased, but no erasure event of"
                            + " the pack vouches for it");
                }
            } else if (!sha256Hex(Json.canonical(snapshot)).equals(r.get("elementSha256"))) {
                problems.add("recipient " + r.get("recipientId") + ": its snapshot does not match its digest");
            }
            elements.add(str(r.get("elementSha256")));
            snapshots.add(snapshot);
        }
        if (outcome == null) {
            checks.add(recipients.size() + " recipients as stored (not sent or failed: no event vouches for them yet)");
            return;
        }
        Map<String, Object> details = map(outcome.get("details"));
        String version = details.containsKey("recipientsSha256Version") ? str(details.get("recipientsSha256Version")) : "1";
        String list = sha256Hex(Json.canonical(elements));
        String expected;
        String source;
        String found;
        if ("4".equals(version)) {
            expected = str(details.get("recipientsSha256"));
            source = "the recipients digest (version 4) of the " + outcome.get("type") + " event " + outcome.get("sequence");
            found = list;
        } else if (lastErasure != null) {
            expected = str(map(lastErasure.get("details")).get("recipientsSha256"));
            source = "the recipients digest (version 4) the erasure event " + lastErasure.get("sequence")
                    + " recorded after checking the recipients against the version " + version + " digest of event "
                    + outcome.get("sequence");
            found = list;
        } else {
            expected = str(details.get("recipientsSha256"));
            source = "the recipients digest (version " + version + ") of the " + outcome.get("type") + " event "
                    + outcome.get("sequence");
            found = legacyDigest(snapshots, version);
        }
        if (!expected.equals(found) || !String.valueOf(recipients.size()).equals(details.get("recipientCount"))) {
            problems.add("the recipients are not those " + source + " recorded");
            return;
        }
        checks.add("recipients: " + recipients.size() + " (" + erasedCount + " erased), exactly those " + source
                + " recorded");
    }

    /** Versions 1 to 3: the canonical JSON array of the snapshots themselves, fewer keys in older versions. */
    private static String legacyDigest(List<Map<String, Object>> snapshots, String version) {
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> s : snapshots) {
            Map<String, Object> item = new LinkedHashMap<>(s);
            if (!"3".equals(version)) {
                item.keySet().removeAll(List.of("addressLines", "town", "postcode", "country"));
            }
            if ("1".equals(version)) {
                item.keySet().removeAll(List.of("addedAt", "addedBy"));
            }
            items.add(item);
        }
        return sha256Hex(Json.canonical(items));
    }

    private static Map<String, Object> snapshot(Map<String, Object> r) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String key : List.of("addedAt", "addedBy", "addressLines", "country", "email", "name", "position", "postcode",
                "recipientId", "town", "unitId")) {
            s.put(key, r.get(key));
        }
        return s;
    }

    private static Map<String, Object> outcome(List<Map<String, Object>> events) {
        for (Map<String, Object> e : events) {
            if ("sent".equals(e.get("type")) || "failed".equals(e.get("type"))) {
                return e;
            }
        }
        return null;
    }

    private static boolean signatureValid(PublicKey key, byte[] message, String base64) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    /** @return the lower-hex SHA-256 of the text's UTF-8 bytes */
    private static String sha256Hex(String text) {
        return Rfc6962.hex(Rfc6962.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
