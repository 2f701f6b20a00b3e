package dev.nonstop.cli.release;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nonstop release ...}: starts, shows, follows and steers releases on a running controller. */
@Command(
        name = "release",
        description = "Starts, shows, follows and steers releases on a running controller.",
        subcommands = {
            ReleaseStartCommand.class,
            ReleaseStatusCommand.class,
            ReleaseWatchCommand.class,
            ReleaseActionCommand.Pause.class,
            ReleaseActionCommand.Resume.class,
            ReleaseActionCommand.Abort.class,
            ReleaseActionCommand.Rollback.class,
            ReleaseActionCommand.Approve.class
        })
public final class ReleaseCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a subcommand is required: start, status, watch, pause, resume, abort, rollback, approve");
    }
}
