package io.github.commscentre.letters;

/**
 * Where a {@link PrintBatchChannel} hands each batch: the host's upload to its print-and-post service, or a folder the
 * service collects from ({@link FolderPrintBatchSink}).
 *
 * <p>The batch's files exist only while {@link #accept} runs: copy or upload them before returning. Returning means
 * the service has the batch, and every letter of it is recorded as accepted; throwing means it does not, and every
 * letter is tried again later, in a batch of the same id when the dispatcher hands the same messages again. Called
 * by several dispatcher threads at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface PrintBatchSink {

    /**
     * @param batch the merged PDF and its manifest
     * @throws Exception when the batch could not be handed over; the letters are tried again later
     */
    void accept(PrintBatch batch) throws Exception;
}
