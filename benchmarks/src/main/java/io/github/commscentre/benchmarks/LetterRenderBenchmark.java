package io.github.commscentre.benchmarks;

import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.spi.Letter;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Letters rendered per second by {@link PdfLetterRenderer}, on one thread: a one-page and a three-page Section 20
 * notice (the time per letter; letters per second is its inverse). No baseline: openhtmltopdf is the work.
 */
@Fork(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class LetterRenderBenchmark {

    /** The renderer and the two letters, checked to have one and three pages. */
    @State(Scope.Benchmark)
    public static class Letters {
        PdfLetterRenderer renderer;
        Letter onePage;
        Letter threePages;

        /**
         * Builds the renderer and checks the letters' lengths.
         *
         * @throws IOException never
         */
        @Setup
        public void build() throws IOException {
            renderer = LetterFixtures.renderer();
            onePage = LetterFixtures.letter(1, LetterFixtures.ONE_PAGE_BODY);
            threePages = LetterFixtures.letter(2, LetterFixtures.threePageBody());
            check(onePage, 1);
            check(threePages, 3);
        }

        private void check(Letter letter, int pages) throws IOException {
            try (PDDocument doc = Loader.loadPDF(renderer.render(letter))) {
                if (doc.getNumberOfPages() != pages) {
                    throw new IllegalStateException("expected " + pages + " pages, got " + doc.getNumberOfPages());
                }
            }
        }
    }

    /**
     * @param s the letters
     * @return the PDF
     */
    @Benchmark
    public byte[] onePage(Letters s) {
        return s.renderer.render(s.onePage);
    }

    /**
     * @param s the letters
     * @return the PDF
     */
    @Benchmark
    public byte[] threePages(Letters s) {
        return s.renderer.render(s.threePages);
    }
}
