package io.github.commscentre.examples.snippets;

import io.github.commscentre.AuditEventType;
import io.github.commscentre.Caller;
import io.github.commscentre.Communication;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationStatus;
import io.github.commscentre.CommunicationType;
import io.github.commscentre.NewCommunication;
import io.github.commscentre.PageRequest;
import io.github.commscentre.PostalAddress;
import io.github.commscentre.Recipient;
import io.github.commscentre.RecipientFilter;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.letters.Letterhead;
import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the code of docs/letters.md and the letter of docs/email-channel.md on the in-memory store. */
class LettersSnippetsTest {

    private static final String ORG = "harbour-estates";
    private static final PdfLetterRenderer RENDERER = PdfLetterRenderer.builder()
            .letterhead(Letterhead.builder("Harbour Estates Ltd").address("Harbour House", "Bristol BS1 4AA").build())
            .build();

    private final Caller admin = Caller.admin(ORG, "alice");
    private final InMemoryPropertyDirectory directory = new InMemoryPropertyDirectory()
            .addUnit(ORG, "riverside-court", "RC-5", "Arthur Bell", "arthur@example.com")
            .changePostalAddress(ORG, "RC-5", PostalAddress.uk("Taunton", "TA1 4DY", "The Old Rectory"));

    @TempDir
    Path outbox;

    @Test
    void postGoesToTheFolderAndTheLetterRendersAgainAsPosted() throws IOException {
        CommunicationCentre centre = LettersSnippets.register(new InMemoryCommunicationStore(), directory, RENDERER, outbox);
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.DEMAND_LETTER,
                "Service charge demand").bodyHtml("<p>Please pay by 1 April.</p>").channel("post").build());
        centre.addRecipients(admin, c.id(), List.of("RC-5"));
        centre.send(admin, c.id());
        centre.dispatchDue(ORG);

        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(f -> f.getFileName().toString().replaceAll("^letters-.*\\.", "*.")))
                    .containsExactlyInAnyOrder("*.pdf", "*.csv");
        }
        Recipient arthur = centre.listRecipients(admin, c.id(), RecipientFilter.all(), PageRequest.first()).items().get(0);
        byte[][] letters = LettersSnippets.letters(centre, c.id(), arthur.id());
        assertThat(letters[0]).isNotEqualTo(letters[1]);
        String recorded = centre.auditTrail(admin, c.id()).stream()
                .filter(e -> e.type() == AuditEventType.DISPATCH_BATCH).findFirst().orElseThrow()
                .details().get("contentSha256s");
        assertThat(recorded).isEqualTo(sha256(letters[1]));
    }

    @Test
    void theEmailChannelWithLettersIsRegisteredForEmail() {
        CommunicationCentre centre = LettersSnippets.emailWithLetter(new InMemoryCommunicationStore(), directory,
                RENDERER, "secret");
        Communication c = centre.create(admin, NewCommunication.builder(CommunicationType.NOTICE, "Section 20 notice")
                .channel("email").build());
        centre.addRecipients(admin, c.id(), List.of("RC-5"));

        assertThat(centre.send(admin, c.id()).status()).as("a channel is registered for email, so it does not fail")
                .isEqualTo(CommunicationStatus.SENDING);
        byte[] preview = centre.letterPreview(admin, c.id());
        assertThat(new String(preview, 0, 5, StandardCharsets.US_ASCII)).as("the facade has the renderer too")
                .isEqualTo("%PDF-");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
