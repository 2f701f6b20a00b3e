package dev.nonstop.testing.leak;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects the leaks Netty reports in this JVM. Installed once, when first used: it sets a {@link
 * ResourceLeakDetectorFactory} whose detectors record what they report. Netty's buffer detector is
 * created when {@code AbstractByteBuf} is initialised; if that happened earlier (a test without the
 * extension ran first), the recorder attaches a {@link ResourceLeakDetector.LeakListener} to it
 * instead.
 *
 * <p>Netty only reports a leak when it tracks a new object after the leaked one was collected, and
 * reports each distinct access record once per JVM. {@link #collect} therefore runs a GC, waits for
 * the references to be processed and makes every known detector track (and release) one object.
 */
final class LeakRecorder {
    private static final LeakRecorder INSTANCE = new LeakRecorder();

    private final Queue<Leak> leaks = new ConcurrentLinkedQueue<>();
    private final List<ResourceLeakDetector<?>> detectors = new CopyOnWriteArrayList<>();
    private final String byteBufDetection;

    private LeakRecorder() {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Factory());
        byteBufDetection = attachToByteBufDetector();
    }

    static LeakRecorder instance() {
        return INSTANCE;
    }

    /** How buffer leaks are caught: {@code factory}, {@code listener}, or why they are not. */
    String byteBufDetection() {
        return byteBufDetection;
    }

    void record(String resourceType, String records) {
        leaks.add(new Leak(resourceType, records == null ? "" : records));
    }

    /** Runs up to two GC rounds (bounded by {@code timeout}) and returns the leaks reported since last time. */
    List<Leak> collect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; round < 2; round++) {
            gc(deadline);
            detectors.forEach(LeakRecorder::poke);
        }
        List<Leak> found = new ArrayList<>();
        for (Leak leak = leaks.poll(); leak != null; leak = leaks.poll()) {
            found.add(leak);
        }
        return found;
    }

    /** A GC, then a wait until the reference handler has enqueued a canary collected by it. */
    private static void gc(long deadline) {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        System.gc();
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMillis > 0) {
            try {
                queue.remove(leftMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        canary.clear();
    }

    /** Makes the detector look for collected leaks now: it does so whenever it tracks an object. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void poke(ResourceLeakDetector detector) {
        Object probe = new Object();
        ResourceLeakTracker tracker = detector.trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    private String attachToByteBufDetector() {
        try {
            Class<?> abstractByteBuf = Class.forName("io.netty.buffer.AbstractByteBuf");
            Field field = abstractByteBuf.getDeclaredField("leakDetector");
            field.setAccessible(true);
            ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
            if (detector instanceof RecordingLeakDetector) {
                return "factory";
            }
            detector.setLeakListener(this::record);
            detectors.add(detector);
            return "listener";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unavailable (" + e + ")";
        }
    }

    private final class Factory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            RecordingLeakDetector<T> detector =
                    new RecordingLeakDetector<>(resource, samplingInterval, LeakRecorder.this);
            detectors.add(detector);
            return detector;
        }
    }
}
