package io.github.commscentre.examples.snippets;

import io.github.commscentre.AuditVerification;
import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.Recipient;
import io.github.commscentre.SignedCheckpoint;
import io.github.commscentre.letters.CertificateOfService;
import io.github.commscentre.spi.CheckpointPublisher;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The code of {@code docs/evidence.md}, compiled; {@code DocsSnippetsTest} proves the page shows exactly this.
 */
public final class EvidenceSnippets {

    private EvidenceSnippets() {
    }

    /**
     * @param privateKeyBase64 the PKCS#8 encoding of the Ed25519 private key, from the host's secret store
     * @param publicKeyBase64  the X.509 encoding of its public key
     * @return the key pair
     * @throws GeneralSecurityException when they are not Ed25519 keys
     */
    public static KeyPair checkpointKey(String privateKeyBase64, String publicKeyBase64) throws GeneralSecurityException {
        // tag::key[]
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        KeyPair checkpointKey = new KeyPair(
                ed25519.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64))),
                ed25519.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64))));
        // end::key[]
        return checkpointKey;
    }

    /**
     * @param store         the store
     * @param directory     the directory
     * @param checkpointKey the key pair
     * @param publisher     where checkpoints go
     * @return the facade
     */
    public static CommunicationCentre centre(CommunicationStore store, PropertyDirectory directory, KeyPair checkpointKey,
                                             CheckpointPublisher publisher) {
        // tag::builder[]
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .checkpointKey(checkpointKey)                        // signs checkpoints and packs; never stored
                .checkpointPublisher(publisher)                      // a copy of each checkpoint, outside the database
                .checkpointEvery(1_000, Duration.ofHours(1))         // the defaults
                .build();
        // end::builder[]
        return centre;
    }

    /**
     * @param outbox a folder of the host's
     * @return a publisher writing each checkpoint there
     */
    public static CheckpointPublisher publisher(Path outbox) {
        // tag::publisher[]
        CheckpointPublisher publisher = checkpoint -> {
            try {
                Files.write(outbox.resolve(checkpoint.organisationId() + "-" + checkpoint.treeSize() + ".json"),
                        SignedCheckpointFiles.json(checkpoint));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);  // logged by the library; the checkpoint stays stored
            }
        };
        // end::publisher[]
        return publisher;
    }

    /**
     * @param centre        the facade
     * @param member        a member of the organisation
     * @param communication the communication
     * @param folder        where the pack and its certificate go
     * @param checkpointKey the organisation's key pair
     * @throws IOException when a file cannot be written
     */
    public static void pack(CommunicationCentre centre, Caller member, UUID communication, Path folder,
                            KeyPair checkpointKey) throws IOException {
        // tag::pack[]
        EvidencePack pack = centre.evidencePack(member, communication);
        Files.write(folder.resolve(pack.fileName()), pack.json());             // the evidence
        byte[] certificate = CertificateOfService.create().render(pack.json(), checkpointKey.getPublic());
        Files.write(folder.resolve(pack.fileName().replace(".json", ".pdf")), certificate);  // its readable face
        // end::pack[]
    }

    /**
     * @param centre     the facade
     * @param member     a member
     * @param keptCopies the checkpoints the publisher kept
     * @return the verification
     */
    public static AuditVerification verify(CommunicationCentre centre, Caller member, List<SignedCheckpoint> keptCopies) {
        // tag::verify[]
        AuditVerification v = centre.verifyAuditTrail(member, keptCopies);
        if (!v.intact()) {
            v.findings().forEach(f -> System.out.println(f.kind() + " " + f.sequence() + ": " + f.message()));
        }
        // end::verify[]
        return v;
    }

    /**
     * @param centre    the facade
     * @param admin     an admin
     * @param recipient a recipient of a sent communication
     * @return the recipient, erased
     */
    public static Recipient erase(CommunicationCentre centre, Caller admin, UUID recipient) {
        // tag::erase[]
        Recipient erased = centre.erasePersonalData(admin, recipient);   // name, email and address gone; proof kept
        // end::erase[]
        return erased;
    }

    /** A checkpoint as a small JSON file, for the publisher above. */
    static final class SignedCheckpointFiles {
        private SignedCheckpointFiles() {
        }

        static byte[] json(SignedCheckpoint c) {
            return ("{\"organisationId\":\"" + c.organisationId() + "\",\"treeSize\":" + c.treeSize() + ",\"rootHash\":\""
                    + c.rootHash() + "\",\"signedAt\":\"" + c.signedAt() + "\",\"keyFingerprint\":\"" + c.keyFingerprint()
                    + "\",\"signature\":\"" + c.signature() + "\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
