package io.github.commscentre.benchmarks;

import io.github.commscentre.letters.PrintBatch;
import io.github.commscentre.letters.PrintBatchChannel;
import io.github.commscentre.spi.DeliveryOutcome;
import io.github.commscentre.spi.OutgoingMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run by {@link Runner} in a JVM of its own with {@code -Xmx256m}: one print batch of 5,000 one-page letters through
 * {@link PrintBatchChannel}, rendered, merged into one PDF and handed to a sink that reads the merged PDF back and
 * counts its pages. Prints OK with the time, the size and the peak heap used, or FAIL (and exits with 1).
 */
public final class PrintBatchMemoryCheck {

    private PrintBatchMemoryCheck() {
    }

    /**
     * @param args the number of letters (default 5,000)
     * @throws Exception never: a failure is printed
     */
    public static void main(String[] args) throws Exception {
        int letters = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        System.out.println("max heap of this JVM: " + mb(Runtime.getRuntime().maxMemory()));
        boolean ok = true;
        Path work = Files.createTempDirectory("print-batch-check-");
        try {
            List<OutgoingMessage> messages = new ArrayList<>(letters);
            for (int i = 1; i <= letters; i++) {
                messages.add(LetterFixtures.message(i, LetterFixtures.ONE_PAGE_BODY));
            }
            AtomicReference<String> seen = new AtomicReference<>();
            PrintBatchChannel channel = new PrintBatchChannel(LetterFixtures.renderer(), batch -> seen.set(check(batch)),
                    work);
            sampler.reset();
            long started = System.nanoTime();
            List<DeliveryOutcome> outcomes = channel.deliver(messages);
            double seconds = (System.nanoTime() - started) / 1e9;
            long accepted = outcomes.stream().filter(o -> o.kind() == DeliveryOutcome.Kind.ACCEPTED).count();
            if (accepted != letters) {
                throw new IllegalStateException(accepted + " of " + letters + " letters accepted: " + outcomes.get(0));
            }
            System.out.printf(Locale.ROOT, "OK   print batch of %,d one-page letters: %.1f s (%.1f letters/s), %s;"
                            + " peak heap used %s, live after GC %s%n", letters, seconds, letters / seconds, seen.get(),
                    mb(sampler.peakUsed()), mb(sampler.peakAfterGc()));
        } catch (Throwable t) {
            ok = false;
            System.out.println("FAIL print batch: " + t);
            t.printStackTrace(System.out);
        } finally {
            Files.deleteIfExists(work);
        }
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static String check(PrintBatch batch) throws Exception {
        try (PDDocument merged = Loader.loadPDF(batch.pdf().toFile(), "", null, null,
                IOUtils.createTempFileOnlyStreamCache())) {
            if (merged.getNumberOfPages() != batch.pageCount() || batch.pageCount() != batch.manifest().size()) {
                throw new IllegalStateException("the merged PDF has " + merged.getNumberOfPages() + " pages, the batch says "
                        + batch.pageCount() + " for " + batch.manifest().size() + " letters");
            }
        }
        return String.format(Locale.ROOT, "merged PDF %,d pages, %s, manifest %s", batch.pageCount(),
                mb(Files.size(batch.pdf())), mb(batch.manifestCsv().length()));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }
}
