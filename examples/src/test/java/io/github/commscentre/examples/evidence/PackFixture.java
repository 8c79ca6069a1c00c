package io.github.commscentre.examples.evidence;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.PageRequest;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Packs made by the real facade over the in-memory store: a Section 20 notice to the three flats of a block, sent, one
 * of them delivered, and a few dozen other events before it so that the proofs have some height.
 */
final class PackFixture {

    static final KeyPair KEY = keyPair();
    static final KeyPair OTHER_KEY = keyPair();

    final String org = "harbour-estates-" + UUID.randomUUID();
    final Caller admin = Caller.admin(org, "alice");
    final CommunicationCentre centre;
    final Communication sent;
    final List<Recipient> recipients;

    PackFixture() {
        centre = CommunicationCentre.builder().store(new InMemoryCommunicationStore()).directory(new Directory())
                .clock(Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC)).checkpointKey(KEY)
                .checkpointEvery(10, java.time.Duration.ofHours(1)).build();
        for (int i = 0; i < 20; i++) {
            centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Bin day moves, notice " + i).build());
        }
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE,
                        "Section 20: \"roof\" works — stage 1")
                .bodyHtml("<p>Dear leaseholder,</p><p>We intend to carry out roof works at Riverside Court.</p>")
                .blockId("riverside-court").channel("post").notes("ref S20/2026/04\nsee file").build());
        centre.addBlockRecipients(admin, c.id());
        sent = centre.markSent(admin, c.id());
        recipients = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first(10)).items();
        centre.updateRecipientStatus(admin, recipients.get(0).id(), DeliveryStatus.DELIVERED);
        for (int i = 0; i < 5; i++) {
            centre.create(admin, NewCommunication.builder(CommunicationType.CIRCULAR, "Later notice " + i).build());
        }
    }

    EvidencePack pack() {
        return centre.evidencePack(admin, sent.id());
    }

    static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Riverside Court: three flats, one leaseholder living elsewhere, one with a name only. */
    private final class Directory implements PropertyDirectory {
        private final List<UnitRecord> units = List.of(
                new UnitRecord("RC-1", "riverside-court", "Mrs Ada Okafor", "ada@example.com",
                        new PostalAddress(List.of("Flat 1, Riverside Court", "12 Mill Lane"), "Bristol", "BS1 5TR", null)),
                new UnitRecord("RC-2", "riverside-court", "Arthur Bell", null,
                        new PostalAddress(List.of("The Old Rectory", "Church Lane"), "Taunton", "TA1 4DY", null)),
                new UnitRecord("RC-3", "riverside-court", "Zoë Ñúñez-Łukasik", "zoe@example.org", null));

        @Override
        public boolean blockBelongsTo(String organisationId, String blockId) {
            return org.equals(organisationId) && "riverside-court".equals(blockId);
        }

        @Override
        public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
            Map<String, UnitRecord> found = new LinkedHashMap<>();
            units.stream().filter(u -> org.equals(organisationId) && unitIds.contains(u.unitId()))
                    .forEach(u -> found.put(u.unitId(), u));
            return found;
        }

        @Override
        public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
            return blockBelongsTo(organisationId, blockId) ? units : List.of();
        }
    }
}
