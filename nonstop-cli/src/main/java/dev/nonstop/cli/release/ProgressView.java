package dev.nonstop.cli.release;

import java.time.Duration;
import java.util.Optional;

/**
 * Shows a release's progress as {@link ReleaseFollower} learns it. Called on the follower's thread, one event at a
 * time, after {@link ReleaseProgress} has applied the event.
 */
interface ProgressView extends AutoCloseable {

    /** The stream began: {@code progress} holds the release as stored. */
    void started(ReleaseProgress progress);

    /** A recorded step was replayed (the stream's history) and changed an instance's row. */
    void replayed(ReleaseProgress progress, ReleaseProgress.Row row, Optional<Duration> took);

    /** An instance moved live from {@code from} to its row's step, after {@code took} in {@code from}. */
    void moved(ReleaseProgress progress, ReleaseProgress.Row row, String from, Optional<Duration> took);

    /**
     * A gray release's traffic moved or was judged (a step started, a gate passed or failed with its figures, an
     * approval awaited): {@code row} is the traffic row ({@code traffic@<step>}), its step the event's kind.
     */
    void traffic(ReleaseProgress progress, ReleaseProgress.Row row);

    /** The whole release moved from {@code from} to its current state. */
    void stateChanged(ReleaseProgress progress, String from);

    /** The stream ended; the view shows its last picture and lets go of the terminal. */
    @Override
    void close();
}
