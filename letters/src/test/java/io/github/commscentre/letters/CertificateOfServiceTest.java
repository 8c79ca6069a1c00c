package io.github.commscentre.letters;

import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.DeliveryStatus;
import io.github.commscentre.EvidencePack;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The certificate of service read back from its PDF: who, what, when, how and how to check, from a pack the offline
 * verifier accepts; an erased leaseholder shown as erased; and no certificate at all of a pack that does not verify.
 */
class CertificateOfServiceTest {

    private static final CertificateOfService CERTIFICATES = CertificateOfService.create();
    private static KeyPair key;
    private static CommunicationCentre centre;
    private static Caller alice;
    private static Communication sent;
    private static List<Recipient> recipients;

    @BeforeAll
    static void sendANotice() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        alice = Caller.admin("harbour-estates", "alice");
        InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory();
        directory.addUnit("harbour-estates", "riverside-court", "RC-1", "Mrs Ada Okafor", "ada@example.com");
        directory.addUnit("harbour-estates", "riverside-court", "RC-2", "Arthur Bell", "arthur@example.com");
        centre = CommunicationCentre.builder().store(new InMemoryCommunicationStore()).directory(directory)
                .checkpointKey(key).build();
        Communication c = centre.create(alice, NewCommunication.builder(CommunicationType.NOTICE, "Section 20: roof works")
                .bodyHtml("<p>Dear leaseholder,</p><p>We intend to replace the roof of Riverside Court.</p>")
                .blockId("riverside-court").channel("post").build());
        centre.addBlockRecipients(alice, c.id());
        sent = centre.markSent(alice, c.id());
        recipients = centre.listRecipients(alice, c.id(), RecipientFilter.all(), PageRequest.first()).items();
        centre.updateRecipientStatus(alice, recipients.get(0).id(), DeliveryStatus.DELIVERED);
    }

    @Test
    void theCertificateSaysWhoWhatWhenHowAndHowToCheck() throws Exception {
        EvidencePack pack = centre.evidencePack(alice, sent.id());
        byte[] pdf = CERTIFICATES.render(pack.json(), key.getPublic());
        String text = Pdfs.text(pdf).replaceAll("\\s+", " ");
        assertThat(text).contains("Certificate of service").contains("Section 20: roof works")
                .contains("We intend to replace the roof of Riverside Court.")
                .contains("Mrs Ada Okafor").contains("Arthur Bell").contains("delivered")
                .contains("recipient_status_changed").contains("How to check")
                
                .contains(pack.checkpoint().rootHash().substring(0, 16));
        assertThat(text.replace(" ", "")).contains("java-jarcommunication-centre-verify.jarpack.jsonpublic-key.pem")
                .contains("python3verify_pack.pypack.jsonpublic-key.pem");
        assertThat(text).contains(io.github.commscentre.SignedCheckpoint.fingerprint(key.getPublic()).substring(0, 16));
    }

    @Test
    void anErasedLeaseholderIsShownAsErased() throws Exception {
        Recipient arthur = recipients.stream().filter(r -> r.unitId().equals("RC-2")).findFirst().orElseThrow();
        centre.erasePersonalData(alice, arthur.id());
        String text = Pdfs.text(CERTIFICATES.render(centre.evidencePack(alice, sent.id()).json(), key.getPublic()));
        assertThat(text).contains("personal data erased").doesNotContain("Arthur Bell").contains("personal_data_erased");
    }

    @Test
    void noCertificateIsMadeOfAPackThatDoesNotVerify() throws Exception {
        EvidencePack pack = centre.evidencePack(alice, sent.id());
        byte[] edited = pack.jsonText().replace("roof works", "roof w0rks").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CERTIFICATES.render(edited, key.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not verify");
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> CERTIFICATES.render(pack.json(), other.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names key");
    }
}
