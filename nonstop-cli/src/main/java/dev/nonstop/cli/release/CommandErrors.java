package dev.nonstop.cli.release;

import dev.nonstop.cli.ExitCodes;
import java.io.PrintWriter;

/**
 * Turns what went wrong into one message on stderr and an exit code. Bad input is 2 (our options, a 400 with every
 * problem, a 404 for an unknown app or release, a 401 for a wrong token); everything that failed while running is 1
 * (a 409 such as a release already in progress or a command illegal in the release's state, a 5xx, no controller).
 */
final class CommandErrors {
    private CommandErrors() {}

    static int report(PrintWriter err, String command, RuntimeException e) {
        int exit =
                switch (e) {
                    case InvalidOptionException invalid -> {
                        err.println(command + ": " + invalid.getMessage());
                        yield ExitCodes.USAGE;
                    }
                    case ControllerApiException refused -> refused(err, command, refused);
                    case ControllerException failed -> {
                        err.println(command + ": " + failed.getMessage());
                        yield ExitCodes.FAILURE;
                    }
                    default -> throw e;
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
