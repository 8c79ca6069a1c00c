package io.github.commscentre.letters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Writes each batch to a folder a print-and-post service collects from: {@code <batch-id>.pdf}, then
 * {@code <batch-id>.csv}. Each file is written under a temporary name in the same folder and then moved into place
 * atomically, so a collector never reads half a file; the manifest comes last, so a collector that waits for it finds
 * the PDF complete. A batch handed over again (same id) replaces its files.
 */
public final class FolderPrintBatchSink implements PrintBatchSink {

    private final Path folder;

    /**
     * @param folder an existing, writable folder
     */
    public FolderPrintBatchSink(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder must not be null");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
    }

    @Override
    public void accept(PrintBatch batch) throws IOException {
        Path pdfPart = Files.createTempFile(folder, "." + batch.batchId() + "-", ".pdf.part");
        Path csvPart = Files.createTempFile(folder, "." + batch.batchId() + "-", ".csv.part");
        try {
            Files.copy(batch.pdf(), pdfPart, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(csvPart, batch.manifestCsv(), StandardCharsets.UTF_8);
            Files.move(pdfPart, folder.resolve(batch.batchId() + ".pdf"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(csvPart, folder.resolve(batch.batchId() + ".csv"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(pdfPart);
            Files.deleteIfExists(csvPart);
        }
    }

    @Override
    public String toString() {
        return "FolderPrintBatchSink[" + folder + "]";
    }
}
