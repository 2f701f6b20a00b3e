package dev.nonstop.cli.release;

import dev.nonstop.cli.support.CommandErrors;
import dev.nonstop.cli.support.InvalidOptionException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that calls a running controller's API: the {@link ControllerOptions}, stdout and stderr of the command
 * line, and one place where failures become a message and an exit code ({@link ControllerErrors} for what the
 * controller said, {@link CommandErrors} for a bad option). Not to be confused with {@code nonstop controller}
 * ({@link dev.nonstop.cli.controller.ControllerServerCommand}), which runs one.
 */
abstract class ControllerApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ControllerOptions controllerOptions;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    /** Runs the command; throws {@link ControllerException} or {@link InvalidOptionException} on failure. */
    abstract int run(ControllerClient client, PrintWriter out, PrintWriter err);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(controllerOptions.client(), out, err);
        } catch (InvalidOptionException e) {
            out.flush();
            return CommandErrors.report(err, spec.qualifiedName(), e);
        } catch (ControllerException e) {
            out.flush();
            return ControllerErrors.report(err, spec.qualifiedName(), e);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
