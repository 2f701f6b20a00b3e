package dev.nonstop.cli.release;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nonstop release watch ID}: the progress display of {@code release start}, for a release already created
 * (by {@code --detach}, another terminal, or before a lost connection). Replays what happened, then follows to the
 * end; exit 0 when it succeeded, 1 otherwise.
 */
@Command(
        name = "watch",
        description = "Follows a release to its end with live progress; exit 0 when it succeeded, 1 otherwise.")
final class ReleaseWatchCommand extends ControllerApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The release.")
    String id;

    @Option(names = "--plain", description = "One line per event, even on a terminal.")
    boolean plain;

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        return new ReleaseFollower(client, Terminal.view(plain, out)).follow(id, spec.qualifiedName(), out, err);
    }
}
