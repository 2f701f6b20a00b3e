/**
 * The release state machines, each an explicit transition table; an illegal transition throws
 * {@link dev.nonstop.controller.release.state.IllegalTransitionException} and nothing changes.
 *
 * <ul>
 *   <li>Per instance: {@link dev.nonstop.controller.release.state.InstanceStep} along one of three
 *       {@link dev.nonstop.controller.release.state.InstancePath}s: an old instance upgraded in place, a surge
 *       instance started first, an old instance retired at the end. An
 *       {@link dev.nonstop.controller.release.state.InstanceMachine} walks one instance and emits one
 *       {@link dev.nonstop.controller.release.state.InstanceTransition} per move.
 *   <li>Per release: {@link dev.nonstop.controller.release.state.ReleaseState}, moved by the runner or by an
 *       operator's {@link dev.nonstop.controller.release.state.ReleaseCommand} (pause, resume, abort, rollback), each
 *       legal only from some states ({@link dev.nonstop.controller.release.state.IllegalCommandException} otherwise).
 * </ul>
 *
 * <p>The tables are drawn in {@code nonstop-controller/RELEASES.md}.
 */
package dev.nonstop.controller.release.state;
