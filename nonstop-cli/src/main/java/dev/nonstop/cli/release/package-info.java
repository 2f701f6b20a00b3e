/**
 * The commands that talk to a running controller over its REST API: {@code nonstop release start|status|pause|
 * resume|abort|rollback|watch} and {@code nonstop status}.
 *
 * <p>{@link dev.nonstop.cli.release.ControllerClient} is the HTTP client (base URL from {@code --controller} or
 * {@code NONSTOP_CONTROLLER}, token from {@code --token-file} or {@code NONSTOP_TOKEN}); its refusals are typed
 * ({@link dev.nonstop.cli.release.ControllerApiException} carries the server's {@code error} and {@code problems}),
 * and {@link dev.nonstop.cli.release.ControllerErrors} turns them into one message on stderr and an exit code: 2 for
 * bad input (400, 404, 401), 1 for everything that failed while running (409, 5xx, controller unreachable).
 *
 * <p>Progress is followed on the release's server-sent-event stream: {@link
 * dev.nonstop.cli.release.ReleaseFollower} keeps the latest step of every instance ({@link
 * dev.nonstop.cli.release.ReleaseProgress}) and hands each change to a view: a table redrawn in place on a terminal,
 * one line per event anywhere else.
 */
package dev.nonstop.cli.release;
