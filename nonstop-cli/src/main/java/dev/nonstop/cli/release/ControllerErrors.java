package dev.nonstop.cli.release;

import dev.nonstop.cli.ExitCodes;
import java.io.PrintWriter;

/**
 * Turns what the controller said, or that it said nothing, into one message on stderr and an exit code. Bad input is
 * 2 (a 400 with every problem, a 404 for an unknown app or release, a 401 for a wrong token); everything that failed
 * while running is 1 (a 409 such as a release already in progress or a command illegal in the release's state, a
 * 5xx, no controller). Our own options are checked before any call ({@link
 * dev.nonstop.cli.support.CommandErrors}).
 */
final class ControllerErrors {
    private ControllerErrors() {}

    static int report(PrintWriter err, String command, ControllerException e) {
        int exit =
                switch (e) {
                    case ControllerApiException refused -> refused(err, command, refused);
                    default -> {
                        err.println(command + ": " + e.getMessage());
                        yield ExitCodes.FAILURE;
                    }
                };
        err.flush();
        return exit;
    }

    private static int refused(PrintWriter err, String command, ControllerApiException e) {
        if (e.problems().size() > 1) {
            err.println(command + ": " + e.problems().size() + " problems:");
            e.problems().forEach(p -> err.println("  " + p));
        } else if (e.problems().size() == 1) {
            err.println(command + ": " + e.problems().get(0));
        } else {
            err.println(command + ": " + e.error());
        }
        return switch (e.status()) {
            case 400, 401, 404, 413, 415 -> ExitCodes.USAGE;
            default -> ExitCodes.FAILURE;
        };
    }
}
