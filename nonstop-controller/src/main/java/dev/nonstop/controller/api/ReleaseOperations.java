package dev.nonstop.controller.api;

import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.release.state.IllegalCommandException;
import dev.nonstop.controller.release.state.ReleaseCommand;
import dev.nonstop.controller.store.NotFoundException;
import dev.nonstop.controller.store.Release;
import dev.nonstop.controller.store.StaleStateException;

/**
 * What the API asks of whoever runs releases (the release runner). The API validates the request, audits it and
 * publishes the state change of a command it applied on {@link ReleaseEvents}; an implementation publishes the
 * events of the work it does itself (instance transitions, the state changes it makes).
 *
 * <p>Both methods are called on a worker thread, never on an event loop; they may block on the store, not on the
 * release's work: {@link #start} returns once the release is recorded, the runner drives it afterwards.
 */
public interface ReleaseOperations {

    /**
     * Records a new release of {@code spec.app()} (validated, its artifact checked) and hands it to the runner.
     *
     * @return the release as stored, usually {@code PENDING} or {@code RUNNING}
     * @throws ReleaseConflictException when a release of that app is not settled yet; nothing is created
     * @throws dev.nonstop.controller.release.spec.InvalidReleaseSpecException when the artifact is not a runnable jar
     *     the controller can read (naming {@code artifact}) or not the checksum the spec asks for; nothing is created
     * @throws dev.nonstop.controller.release.artifact.VersionConflictException when the version name is already known
     *     with another checksum; nothing is created
     * @throws NotFoundException when the app does not exist
     */
    Release start(ReleaseSpec spec);

    /**
     * Applies an operator's command; the runner acts on it within a second, also in the middle of a step.
     *
     * @return the release after the command
     * @throws IllegalCommandException when the command is not legal from the release's state
     * @throws StaleStateException when the state changed under the command
     * @throws NotFoundException when the release does not exist
     */
    Release apply(String releaseId, ReleaseCommand command);
}
