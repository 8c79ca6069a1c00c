package io.github.commscentre.letters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FolderPrintBatchSinkTest {

    @TempDir
    Path folder;
    @TempDir
    Path work;

    @Test
    void writesThePdfAndTheManifestUnderTheBatchIdAndNothingElse() throws Exception {
        FolderPrintBatchSink sink = new FolderPrintBatchSink(folder);

        sink.accept(batch("letters-a", "%PDF-first", "recipient_id\r\nfirst\r\n"));
        sink.accept(batch("letters-a", "%PDF-again", "recipient_id\r\nagain\r\n")); // the same batch, handed over again

        assertThat(names()).containsExactly("letters-a.csv", "letters-a.pdf");
        assertThat(Files.readString(folder.resolve("letters-a.pdf"))).isEqualTo("%PDF-again");
        assertThat(Files.readString(folder.resolve("letters-a.csv"), StandardCharsets.UTF_8))
                .isEqualTo("recipient_id\r\nagain\r\n");
    }

    @Test
    void aFailedCopyLeavesNoHalfFile() {
        FolderPrintBatchSink sink = new FolderPrintBatchSink(folder);
        PrintBatch missing = new PrintBatch("letters-b", "org", UUID.randomUUID(), work.resolve("gone.pdf"), List.of(),
                "recipient_id\r\n", 0);

        assertThatThrownBy(() -> sink.accept(missing)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void refusesAFolderThatIsNotThere() {
        assertThatThrownBy(() -> new FolderPrintBatchSink(folder.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a folder");
    }

    private PrintBatch batch(String id, String pdf, String csv) throws Exception {
        Path file = Files.writeString(work.resolve(UUID.randomUUID() + ".pdf"), pdf);
        return new PrintBatch(id, "org", UUID.randomUUID(), file, List.of(), csv, 1);
    }

    private List<String> names() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
