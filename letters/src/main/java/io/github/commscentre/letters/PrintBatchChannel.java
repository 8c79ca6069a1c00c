package io.github.commscentre.letters;

import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.Letter;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.OutgoingMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The delivery channel for post: each dispatch batch becomes one merged PDF of its letters and a CSV manifest,
 * handed to a {@link PrintBatchSink} (the host's upload to a print-and-post service, or {@link FolderPrintBatchSink}).
 * Register it for the {@code post} channel, with the same renderer as the facade's:
 *
 * <pre>{@code
 * CommunicationCentre.builder()
 *         .letterRenderer(renderer)
 *         .deliveryChannel("post", new PrintBatchChannel(renderer, sink))
 * }</pre>
 *
 * <p>Each letter is rendered with {@link Letter#of(OutgoingMessage, ZoneId)}, dated on the UK's calendar the day sending
 * began, and its own PDF's SHA-256 is the content digest of its accepted outcome, which the dispatcher records in the
 * audit trail: the letter rendered again later ({@code CommunicationCentre.letter}) has the same digest. The provider
 * message id is {@code <batch-id>#p<first page>}.
 *
 * <p>Answers: a letter with a character no font can show is rejected with the renderer's reason (it would fail every
 * time); any other rendering failure, and a sink that throws, leave the letters to be tried later. A recipient without
 * a postal address, or without a name, is unreachable: it is never handed over.
 *
 * <p>Letters are written to temporary files as they are rendered, then copied one at a time into the merged PDF, which
 * is written as it grows: a batch of thousands fits a small heap. The files are deleted when the batch is handed over.
 * Thread-safe.
 */
public final class PrintBatchChannel implements DeliveryChannel {

    /** Letters are dated on the UK's calendar. */
    public static final ZoneId LETTER_ZONE = ZoneId.of("Europe/London");

    private static final Logger LOG = LoggerFactory.getLogger(PrintBatchChannel.class);

    private final LetterRenderer renderer;
    private final PrintBatchSink sink;
    private final Path workDirectory;

    /**
     * @param renderer renders each letter ({@link PdfLetterRenderer}, or the host's own)
     * @param sink     takes each batch
     */
    public PrintBatchChannel(LetterRenderer renderer, PrintBatchSink sink) {
        this(renderer, sink, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param renderer      renders each letter
     * @param sink          takes each batch
     * @param workDirectory where a batch's letters and merged PDF are written while it is made (a batch of 5,000
     *                      one-page letters takes about 300 MB until the sink has returned)
     */
    public PrintBatchChannel(LetterRenderer renderer, PrintBatchSink sink, Path workDirectory) {
        this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
        this.sink = Objects.requireNonNull(sink, "sink must not be null");
        this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory must not be null");
    }

    @Override
    public String unreachableReason(OutgoingMessage message) {
        if (message.postalAddress() == null || message.postalAddress().blockLines().isEmpty()) {
            return "no postal address";
        }
        if (message.recipientName() == null || message.recipientName().isBlank()) {
            return "no name to address the letter to";
        }
        return null;
    }

    @Override
    public List<DeliveryOutcome> deliver(List<OutgoingMessage> messages) throws IOException {
        if (messages.isEmpty()) {
            return List.of();
        }
        String batchId = batchId(messages);
        List<DeliveryOutcome> outcomes = new ArrayList<>(messages.size());
        Path work = Files.createTempDirectory(workDirectory, "print-" + batchId + "-");
        try {
            List<Rendered> rendered = new ArrayList<>(messages.size());
            for (OutgoingMessage m : messages) {
                String unreachable = unreachableReason(m);
                if (unreachable != null) {
                    outcomes.add(DeliveryOutcome.rejected(m.recipientId(), unreachable));
                } else if (m.sendingStartedAt() == null) {
                    outcomes.add(DeliveryOutcome.tryLater(m.recipientId(), "the message has no sendingStartedAt to date"
                            + " the letter with (a store that does not keep it yet?)"));
                } else {
                    render(m, work.resolve("letter-" + (rendered.size() + 1) + ".pdf"), rendered, outcomes);
                }
            }
            if (rendered.isEmpty()) {
                return outcomes;
            }
            PrintBatch batch = merge(batchId, messages.get(0), rendered, work.resolve(batchId + ".pdf"));
            try {
                sink.accept(batch);
            } catch (Exception e) {
                LOG.warn("print batch {} of communication {} was not taken by {} ({} letters try later): {}",
                        batchId, batch.communicationId(), sink, rendered.size(), e.toString());
                for (Rendered r : rendered) {
                    outcomes.add(DeliveryOutcome.tryLater(r.message().recipientId(), "the print batch sink failed: " + e));
                }
                return outcomes;
            }
            for (int i = 0; i < rendered.size(); i++) {
                PrintBatch.ManifestRow row = batch.manifest().get(i);
                outcomes.add(DeliveryOutcome.accepted(row.recipientId(), batchId + "#p" + row.firstPage(), row.sha256()));
            }
            LOG.info("print batch {} of communication {}: {} letters, {} pages", batchId, batch.communicationId(),
                    rendered.size(), batch.pageCount());
            return outcomes;
        } finally {
            deleteRecursively(work);
        }
    }

    private record Rendered(OutgoingMessage message, Path file, String sha256, int pages) {
    }

    private void render(OutgoingMessage m, Path file, List<Rendered> rendered, List<DeliveryOutcome> outcomes)
            throws IOException {
        byte[] pdf;
        try {
            pdf = renderer.render(Letter.of(m, LETTER_ZONE));
        } catch (LetterRenderer.UnrenderableTextException e) {
            outcomes.add(DeliveryOutcome.rejected(m.recipientId(), e.getMessage()));
            return;
        } catch (RuntimeException e) {
            LOG.warn("the letter to recipient {} of communication {} could not be rendered (try later)",
                    m.recipientId(), m.communicationId(), e);
            outcomes.add(DeliveryOutcome.tryLater(m.recipientId(), "the letter could not be rendered: " + e));
            return;
        }
        int pages;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pages = doc.getNumberOfPages();
        }
        Files.write(file, pdf);
        rendered.add(new Rendered(m, file, Digests.sha256Hex(pdf), pages));
    }

    private static PrintBatch merge(String batchId, OutgoingMessage first, List<Rendered> rendered, Path target)
            throws IOException {
        List<PrintBatch.ManifestRow> rows = new ArrayList<>(rendered.size());
        try (MergedPdf merged = new MergedPdf(target)) {
            for (Rendered r : rendered) {
                int firstPage = merged.append(r.file());
                OutgoingMessage m = r.message();
                rows.add(new PrintBatch.ManifestRow(m.recipientId(), m.recipientName().strip(),
                        String.join(", ", m.postalAddress().blockLines()), firstPage, r.pages(), r.sha256()));
            }
            String csv = ManifestCsv.of(rows);
            merged.finish("Print batch " + batchId,
                    Arrays.copyOf(Digests.sha256(csv.getBytes(StandardCharsets.UTF_8)), 16));
            return new PrintBatch(batchId, first.organisationId(), first.communicationId(), target, rows, csv,
                    merged.pages());
        }
    }

    /**
     * The same messages make the same id: the communication, then a digest of the recipients. A batch handed over
     * again after a crash replaces its files in a folder rather than adding a second set.
     */
    static String batchId(List<OutgoingMessage> messages) {
        MessageDigest digest = Digests.sha256();
        for (OutgoingMessage m : messages) {
            digest.update(m.recipientId().toString().getBytes(StandardCharsets.US_ASCII));
        }
        return "letters-" + messages.get(0).communicationId() + "-"
                + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
