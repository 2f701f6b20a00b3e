package dev.nonstop.cli.release;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nonstop app ...}: the apps a running controller knows. */
@Command(
        name = "app",
        description = "Shows and changes the settings of an app on a running controller.",
        subcommands = {AppSettingsCommand.class})
public final class AppCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: settings");
    }
}
