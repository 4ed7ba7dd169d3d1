package dev.portico.bench;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** Snapshots of this JVM's heap, direct buffers and threads. */
public final class JvmProbe {
    private JvmProbe() {
    }

    /** One snapshot; sizes in bytes. */
    public record Snapshot(long usedHeap, long directBuffers, int threads, int porticoThreads) {
    }

    /** Collects garbage a few times, then takes a snapshot. */
    public static Snapshot afterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(250);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
            }
        }
        int portico = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("portico")) {
                portico++;
            }
        }
        return new Snapshot(heap, direct, ManagementFactory.getThreadMXBean().getThreadCount(), portico);
    }
}
