package io.github.commscentre.examples;

import io.github.commscentre.letters.FolderPrintBatchSink;
import io.github.commscentre.letters.PrintBatch;
import io.github.commscentre.letters.PrintBatchSink;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the example's post goes: each batch of letters the post channel makes is written into a folder, as a
 * print-and-post service would collect it ({@link FolderPrintBatchSink}: {@code <batch-id>.pdf}, then
 * {@code <batch-id>.csv}), and remembered, so that the week's report can say what went to the printer. A host with an
 * upload to its print service would implement {@link PrintBatchSink} the same way.
 */
final class PrintRoom implements PrintBatchSink {

    /**
     * A batch as the folder now holds it.
     *
     * @param pdf      the merged PDF: every letter, one after another
     * @param manifest the CSV that says which pages go to whom
     * @param pages    the merged PDF's pages
     * @param letters  the manifest's rows, in the order of the letters in the PDF
     */
    record Printed(Path pdf, Path manifest, int pages, List<PrintBatch.ManifestRow> letters) {
    }

    private final Path folder;
    private final FolderPrintBatchSink sink;
    private final List<Printed> printed = new CopyOnWriteArrayList<>();

    PrintRoom(Path folder) {
        this.folder = folder;
        this.sink = new FolderPrintBatchSink(folder);
    }

    @Override
    public void accept(PrintBatch batch) throws Exception {
        sink.accept(batch);
        Path pdf = folder.resolve(batch.batchId() + ".pdf");
        Path manifest = folder.resolve(batch.batchId() + ".csv");
        // The example's folders are temporary: nothing of the week outlives it.
        pdf.toFile().deleteOnExit();
        manifest.toFile().deleteOnExit();
        printed.add(new Printed(pdf, manifest, batch.pageCount(), batch.manifest()));
    }

    /**
     * @param letter a letter's PDF
     * @return its SHA-256 in lower-case hex, as the manifest and the audit trail write it
     */
    static String fingerprint(byte[] letter) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(letter));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** @return the batches written so far, oldest first */
    List<Printed> printed() {
        return List.copyOf(printed);
    }
}
