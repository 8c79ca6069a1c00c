package io.github.commscentre.letters;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One dispatch batch of letters for the post: a single PDF of every letter, one after another, and a CSV manifest
 * with a row per letter, for a print-and-post service.
 *
 * @param batchId         the batch's id, derived from the communication and its recipients: the same messages handed
 *                        over again make a batch of the same id, so a service can drop the repeat
 * @param organisationId  the organisation sending the letters
 * @param communicationId the communication
 * @param pdf             the merged PDF; a temporary file, deleted once {@link PrintBatchSink#accept} returns
 * @param manifest        the manifest's rows, in the order of the letters in the PDF
 * @param manifestCsv     the manifest as CSV (RFC 4180, UTF-8, a header row, CRLF line ends)
 * @param pageCount       the pages of the merged PDF
 */
public record PrintBatch(String batchId, String organisationId, UUID communicationId, Path pdf,
                         List<ManifestRow> manifest, String manifestCsv, int pageCount) {

    /** Null checks and an unmodifiable copy of the rows. */
    public PrintBatch {
        Objects.requireNonNull(batchId, "batchId must not be null");
        Objects.requireNonNull(organisationId, "organisationId must not be null");
        Objects.requireNonNull(communicationId, "communicationId must not be null");
        Objects.requireNonNull(pdf, "pdf must not be null");
        Objects.requireNonNull(manifestCsv, "manifestCsv must not be null");
        manifest = List.copyOf(manifest);
    }

    /**
     * A letter of the batch: a row of the manifest.
     *
     * @param recipientId the recipient (the message's idempotency key)
     * @param name        the addressee, as printed
     * @param address     the address block's lines joined with ", "
     * @param firstPage   the letter's first page in the merged PDF, from 1
     * @param pageCount   the letter's pages
     * @param sha256      the SHA-256 of the letter's own PDF, as recorded in the audit trail (lower-case hex)
     */
    public record ManifestRow(UUID recipientId, String name, String address, int firstPage, int pageCount,
                              String sha256) {
    }
}
