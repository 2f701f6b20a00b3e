package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nonstop.cli.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code nonstop release pause|resume|abort|rollback ID}: one operator command. Prints the release's state after it;
 * a command that is not legal from the release's current state is refused by the controller (409): its message on
 * stderr, exit 1.
 */
abstract class ReleaseActionCommand extends ControllerApiCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The release.")
    String id;

    private final String action;

    ReleaseActionCommand(String action) {
        this.action = action;
    }

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        JsonNode after = client.command(id, action);
        out.println("release " + after.path("id").asText(id) + " "
                + after.path("state").asText());
        return ExitCodes.OK;
    }

    @Command(name = "pause", description = "Pauses a RUNNING release where it is, also in the middle of a step.")
    static final class Pause extends ReleaseActionCommand {
        Pause() {
            super("pause");
        }
    }

    @Command(name = "resume", description = "Resumes a PAUSED release.")
    static final class Resume extends ReleaseActionCommand {
        Resume() {
            super("resume");
        }
    }

    @Command(
            name = "abort",
            description = "Aborts a PENDING, RUNNING or PAUSED release; instances stay where they are.")
    static final class Abort extends ReleaseActionCommand {
        Abort() {
            super("abort");
        }
    }

    @Command(
            name = "rollback",
            description = "Rolls the touched instances back (RUNNING, PAUSED, ABORTING, FAILED or ABORTED release).")
    static final class Rollback extends ReleaseActionCommand {
        Rollback() {
            super("rollback");
        }
    }

    @Command(
            name = "approve",
            description = "Approves the traffic step a canary or blue-green release with --approval manual waits at"
                    + " (its gate passed); the release goes on.")
    static final class Approve extends ReleaseActionCommand {
        Approve() {
            super("approve");
        }
    }
}
