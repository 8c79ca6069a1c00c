package io.github.commscentre.benchmarks;

import io.github.commscentre.letters.PdfLetterRenderer;
import io.github.commscentre.spi.Letter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The CPU time one thread spends per letter, beside {@link LetterRenderBenchmark}'s wall-clock time: on a machine
 * shared with other work the wall clock counts the time the thread waited for a core, the CPU time does not, so
 * letters per CPU-second is what an idle core would render. Run by {@link Runner} with {@code --letters}.
 */
public final class LetterCpuTime {

    private LetterCpuTime() {
    }

    /**
     * @param args the letters to render for each figure (default 300), after a third as many for warm-up
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        PdfLetterRenderer renderer = LetterFixtures.renderer();
        Letter onePage = LetterFixtures.letter(1, LetterFixtures.ONE_PAGE_BODY);
        Letter threePages = LetterFixtures.letter(2, LetterFixtures.threePageBody());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Letter letter : new Letter[] {onePage, threePages}) {
            for (int i = 0; i < count / 3; i++) {
                renderer.render(letter);
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < count; i++) {
                renderer.render(letter);
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count;
            double wallMs = (System.nanoTime() - wall) / 1e6 / count;
            System.out.printf(Locale.ROOT, "| %s | %.1f ms CPU | %.0f letters per CPU-second | %.1f ms wall |%n",
                    letter == onePage ? "onePage" : "threePages", cpuMs, 1000 / cpuMs, wallMs);
        }
    }
}
