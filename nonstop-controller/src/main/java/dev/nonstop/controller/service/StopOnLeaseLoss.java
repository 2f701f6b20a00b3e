package dev.nonstop.controller.service;

import dev.nonstop.coordination.Lease;
import dev.nonstop.coordination.LeaseListener;
import dev.nonstop.coordination.LeaseLostReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a release's runner as soon as its lease is lost, by interrupting the thread that runs it
 * (the runner then abandons the release: its started steps are left for the next owner). Without
 * it a runner that lost its lease would go on until its next write was refused by a fence.
 *
 * <p>Only while the runner runs: {@link #finished()}, called by that thread, disarms it and clears
 * an interrupt that came too late to matter.
 */
final class StopOnLeaseLoss implements LeaseListener {
    private static final Logger LOG = LoggerFactory.getLogger(StopOnLeaseLoss.class);

    private final String releaseId;
    private final Thread runner;
    private boolean running = true;

    /** Stops the calling thread when the lease is lost. */
    StopOnLeaseLoss(String releaseId) {
        this.releaseId = releaseId;
        this.runner = Thread.currentThread();
    }

    @Override
    public synchronized void leaseLost(Lease lease, LeaseLostReason reason) {
        if (running) {
            LOG.warn("release {}: lease {} lost ({}): stopping its runner here", releaseId, lease.name(), reason);
            runner.interrupt();
        }
    }

    /** The runner has returned: a later loss changes nothing. Call from the runner's thread. */
    void finished() {
        synchronized (this) {
            running = false;
        }
        if (Thread.currentThread() == runner) {
            Thread.interrupted(); // a loss between the runner's return and here
        }
    }
}
