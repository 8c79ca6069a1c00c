package io.github.commscentre.letters;

import io.github.commscentre.PostalAddress;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PrintBatchChannelTest {

    private static final PdfLetterRenderer RENDERER = Letters.renderer();

    @TempDir
    Path folder;
    @TempDir
    Path work;

    private final List<PrintBatch> batches = new ArrayList<>();
    private final List<byte[]> pdfs = new ArrayList<>();

    private final PrintBatchSink recording = batch -> {
        batches.add(batch);
        pdfs.add(Files.readAllBytes(batch.pdf()));
    };

    @Test
    void aBatchIsOneMergedPdfWithAManifestRowPerLetter() throws Exception {
        List<OutgoingMessage> messages = List.of(
                message("Mrs Ada Okafor", Letters.BODY),
                message("Zażółć Gęślą-Jaźń", longBody(45)),
                message("Αικατερίνη Παπαδοπούλου", Letters.BODY));

        List<DeliveryOutcome> outcomes = new PrintBatchChannel(RENDERER, recording, work).deliver(messages);

        assertThat(batches).hasSize(1);
        PrintBatch batch = batches.get(0);
        List<Integer> pages = new ArrayList<>();
        for (OutgoingMessage m : messages) {
            pages.add(Pdfs.pages(RENDERER.render(Letter.of(m, PrintBatchChannel.LETTER_ZONE))));
        }
        assertThat(pages.get(1)).isGreaterThan(1);
        assertThat(batch.pageCount()).isEqualTo(Pdfs.pages(pdfs.get(0)))
                .isEqualTo(pages.stream().mapToInt(Integer::intValue).sum());
        assertThat(batch.manifest()).extracting(PrintBatch.ManifestRow::firstPage)
                .containsExactly(1, 1 + pages.get(0), 1 + pages.get(0) + pages.get(1));
        assertThat(batch.manifest()).extracting(PrintBatch.ManifestRow::pageCount).containsExactlyElementsOf(pages);
        assertThat(batch.communicationId()).isEqualTo(Letters.COMMUNICATION);
        assertThat(batch.organisationId()).isEqualTo(Letters.ORG);

        // each letter is in the merged PDF where the manifest says
        for (int i = 0; i < messages.size(); i++) {
            assertThat(Pdfs.pageText(pdfs.get(0), batch.manifest().get(i).firstPage()))
                    .contains(messages.get(i).recipientName(), "Page 1 of " + pages.get(i));
        }

        // every outcome is accepted, with the digest of the letter as rendered on its own, again
        Map<UUID, DeliveryOutcome> byRecipient = outcomes.stream()
                .collect(Collectors.toMap(DeliveryOutcome::recipientId, Function.identity()));
        assertThat(byRecipient).hasSize(3);
        for (int i = 0; i < messages.size(); i++) {
            OutgoingMessage m = messages.get(i);
            DeliveryOutcome outcome = byRecipient.get(m.recipientId());
            String sha = Digests.sha256Hex(RENDERER.render(Letter.of(m, PrintBatchChannel.LETTER_ZONE)));
            assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.ACCEPTED);
            assertThat(outcome.contentSha256()).isEqualTo(sha).isEqualTo(batch.manifest().get(i).sha256());
            assertThat(outcome.providerMessageId()).isEqualTo(batch.batchId() + "#p" + batch.manifest().get(i).firstPage());
        }
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void theManifestIsCsvWithEveryFieldQuotedWhereItMustBe() throws Exception {
        OutgoingMessage quoted = Letters.message(UUID.randomUUID(), "Ada \"Ade\" Okafor, MBE",
                PostalAddress.uk("Bristol", "BS1 5TR", "Flat 3, Riverside Court", "12 Mill Lane"), Letters.BODY);

        new PrintBatchChannel(RENDERER, recording, work).deliver(List.of(quoted));

        String csv = batches.get(0).manifestCsv();
        String sha = batches.get(0).manifest().get(0).sha256();
        assertThat(csv).isEqualTo("recipient_id,name,address,first_page,page_count,sha256\r\n"
                + quoted.recipientId() + ",\"Ada \"\"Ade\"\" Okafor, MBE\","
                + "\"Flat 3, Riverside Court, 12 Mill Lane, Bristol, BS1 5TR\",1,1," + sha + "\r\n");
    }

    @Test
    void aLetterThatCannotBeRenderedIsRejectedAndTheRestGoOut() throws Exception {
        OutgoingMessage fine = message("Mrs Ada Okafor", Letters.BODY);
        OutgoingMessage chinese = message("王小明", Letters.BODY);

        List<DeliveryOutcome> outcomes = new PrintBatchChannel(RENDERER, recording, work).deliver(List.of(fine, chinese));

        assertThat(outcomes).filteredOn(o -> o.recipientId().equals(chinese.recipientId())).singleElement()
                .satisfies(o -> {
                    assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.REJECTED);
                    assertThat(o.reason()).contains("recipientName", "U+738B");
                });
        assertThat(outcomes).filteredOn(o -> o.recipientId().equals(fine.recipientId())).singleElement()
                .extracting(DeliveryOutcome::kind).isEqualTo(DeliveryOutcome.Kind.ACCEPTED);
        assertThat(batches.get(0).manifest()).extracting(PrintBatch.ManifestRow::recipientId)
                .containsExactly(fine.recipientId());
    }

    @Test
    void noLetterRenderedMeansNoBatch() throws Exception {
        List<DeliveryOutcome> outcomes = new PrintBatchChannel(RENDERER, recording, work)
                .deliver(List.of(message("王小明", Letters.BODY)));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.REJECTED);
        assertThat(batches).isEmpty();
    }

    @Test
    void aSinkThatFailsLeavesEveryLetterToTryLater() throws Exception {
        PrintBatchSink down = batch -> {
            throw new IOException("the print service answered 503");
        };
        List<OutgoingMessage> messages = List.of(message("Mrs Ada Okafor", Letters.BODY), message("Mr Ben Ode", Letters.BODY));

        List<DeliveryOutcome> outcomes = new PrintBatchChannel(RENDERER, down, work).deliver(messages);

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.TRY_LATER);
            assertThat(o.reason()).contains("503");
        });
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void recipientsWithoutAnAddressOrNameAreUnreachable() {
        PrintBatchChannel channel = new PrintBatchChannel(RENDERER, recording, work);

        assertThat(channel.unreachableReason(Letters.message(UUID.randomUUID(), "Mrs Ada Okafor", null, Letters.BODY)))
                .isEqualTo("no postal address");
        assertThat(channel.unreachableReason(Letters.message(UUID.randomUUID(), null, Letters.address(), Letters.BODY)))
                .isEqualTo("no name to address the letter to");
        assertThat(channel.unreachableReason(message("Mrs Ada Okafor", Letters.BODY))).isNull();
    }

    @Test
    void theSameMessagesMakeTheSameBatchIdAndTheSameFiles() throws Exception {
        List<OutgoingMessage> messages = List.of(message("Mrs Ada Okafor", Letters.BODY), message("Mr Ben Ode", Letters.BODY));
        PrintBatchChannel channel = new PrintBatchChannel(RENDERER, new FolderPrintBatchSink(folder), work);

        channel.deliver(messages);
        byte[] first = Files.readAllBytes(onlyFile(".pdf"));
        channel.deliver(messages); // handed over again after a crash

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    PrintBatchChannel.batchId(messages) + ".csv", PrintBatchChannel.batchId(messages) + ".pdf");
        }
        assertThat(Files.readAllBytes(onlyFile(".pdf"))).isEqualTo(first);
        String csv = Files.readString(onlyFile(".csv"), StandardCharsets.UTF_8);
        assertThat(List.of(csv.split("\r\n"))).hasSize(3).first().isEqualTo(ManifestCsv.HEADER);
        assertThat(Pdfs.text(first)).contains("Mrs Ada Okafor", "Mr Ben Ode");
    }

    private Path onlyFile(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    private static OutgoingMessage message(String name, String body) {
        return Letters.message(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), name, Letters.address(), body);
    }

    static String longBody(int paragraphs) {
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= paragraphs; i++) {
            body.append("<p>Paragraph ").append(i).append(": the works include scaffolding, the removal of the old"
                    + " slates, new battens and membrane, and making good the chimney flashings.</p>");
        }
        return body.toString();
    }
}
