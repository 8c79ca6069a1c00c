package io.github.commscentre.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Samples the heap every 5 ms: the most ever in use, and the most still live right after a collection. Used by the
 * memory checks, each in a JVM of its own.
 */
final class HeapSampler extends Thread {

    private volatile long peakUsed;
    private volatile long peakAfterGc;

    HeapSampler() {
        super("heap-sampler");
        setDaemon(true);
    }

    void reset() {
        System.gc();
        peakUsed = 0;
        peakAfterGc = 0;
    }

    long peakUsed() {
        return Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long peakAfterGc() {
        return peakAfterGc;
    }

    @Override
    public void run() {
        while (true) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used > peakUsed) {
                peakUsed = used;
            }
            long afterGc = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    MemoryUsage usage = pool.getCollectionUsage();
                    if (usage != null) {
                        afterGc += usage.getUsed();
                    }
                }
            }
            if (afterGc > peakAfterGc) {
                peakAfterGc = afterGc;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
