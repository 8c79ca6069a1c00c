package io.github.commscentre.examples.snippets;

import io.github.commscentre.Caller;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.email.SmtpEmailChannel;
import io.github.commscentre.letters.FolderPrintBatchSink;
import io.github.commscentre.letters.Letterhead;
import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.letters.PrintBatchChannel;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.PropertyDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The code of {@code docs/letters.md} and of the letter in {@code docs/email-channel.md}, compiled;
 * {@code DocsSnippetsTest} proves the pages show exactly this.
 */
public final class LettersSnippets {

    private LettersSnippets() {
    }

    /**
     * @param logo        the organisation's logo, a PNG
     * @param notoSansSc  a Chinese font the host ships
     * @return the renderer
     * @throws IOException when the logo cannot be read
     */
    public static PdfLetterRenderer renderer(Path logo, Path notoSansSc) throws IOException {
        // tag::renderer[]
        PdfLetterRenderer renderer = PdfLetterRenderer.builder()
                .letterhead(Letterhead.builder("Harbour Estates Ltd")
                        .address("Harbour House", "1 Quay Street", "Bristol BS1 4AA", "0117 496 0000")
                        .logoPng(Files.readAllBytes(logo))
                        .footer("Harbour Estates Ltd, registered in England and Wales no. 01234567.")
                        .build())
                .font("Noto Sans SC", () -> open(notoSansSc))   // for names Liberation Sans cannot show
                .build();
        // end::renderer[]
        return renderer;
    }

    /**
     * @param store     the host's store
     * @param directory the host's directory
     * @param renderer  the renderer
     * @param outbox    the folder the print-and-post service collects from
     * @return the facade
     */
    public static CommunicationCentre register(CommunicationStore store, PropertyDirectory directory,
                                               LetterRenderer renderer, Path outbox) {
        // tag::register[]
        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .letterRenderer(renderer)                       // letter(...) and letterPreview(...)
                .deliveryChannel("post", new PrintBatchChannel(renderer, new FolderPrintBatchSink(outbox)))
                .build();
        // end::register[]
        return centre;
    }

    /**
     * @param store        the host's store
     * @param directory    the host's directory
     * @param renderer     the renderer
     * @param smtpPassword the SMTP account's password
     * @return a facade whose emails carry each recipient's letter
     */
    public static CommunicationCentre emailWithLetter(CommunicationStore store, PropertyDirectory directory,
                                                      LetterRenderer renderer, String smtpPassword) {
        // tag::email[]
        SmtpEmailChannel email = SmtpEmailChannel.builder()
                .host("smtp.example.com")
                .from("notices@harbour-estates.co.uk", "Harbour Estates")
                .username("notices@harbour-estates.co.uk").password(smtpPassword)
                .attachLetters(renderer)                        // each email carries the recipient's letter, a PDF
                .build();

        CommunicationCentre centre = CommunicationCentre.builder()
                .store(store)
                .directory(directory)
                .letterRenderer(renderer)                       // the same renderer: letter(...) gives the same bytes
                .deliveryChannel("email", email)
                .build();
        // end::email[]
        return centre;
    }

    /**
     * @param centre        the facade
     * @param communication a communication
     * @param recipient     one of its recipients
     * @return the letter and the preview
     */
    public static byte[][] letters(CommunicationCentre centre, UUID communication, UUID recipient) {
        Caller member = Caller.member("harbour-estates", "bob");
        // tag::letter[]
        byte[] preview = centre.letterPreview(member, communication);       // no name or address: for checking
        byte[] sent = centre.letter(member, communication, recipient);      // that recipient's letter, as posted
        // end::letter[]
        return new byte[][] {preview, sent};
    }

    private static java.io.InputStream open(Path font) {
        try {
            return Files.newInputStream(font);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
