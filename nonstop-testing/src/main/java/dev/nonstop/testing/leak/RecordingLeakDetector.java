package dev.nonstop.testing.leak;

import io.netty.util.ResourceLeakDetector;

/** A Netty leak detector that hands every leak it reports to the {@link LeakRecorder}, then logs it. */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private final LeakRecorder recorder;

    RecordingLeakDetector(Class<?> resourceType, int samplingInterval, LeakRecorder recorder) {
        super(resourceType, samplingInterval);
        this.recorder = recorder;
    }

    /** Always: a leak must be recorded even when error logging is off. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        recorder.record(resourceType, records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        recorder.record(resourceType, "");
        super.reportUntracedLeak(resourceType);
    }
}
