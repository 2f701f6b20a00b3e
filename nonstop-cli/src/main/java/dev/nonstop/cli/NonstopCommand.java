package dev.nonstop.cli;

import dev.nonstop.cli.controller.AgentCommand;
import dev.nonstop.cli.controller.ControllerServerCommand;
import dev.nonstop.cli.demo.DemoCommand;
import dev.nonstop.cli.member.DrainCommand;
import dev.nonstop.cli.member.UndrainCommand;
import dev.nonstop.cli.release.AppCommands;
import dev.nonstop.cli.release.ReleaseCommands;
import dev.nonstop.cli.release.StatusCommand;
import dev.nonstop.cli.support.CommandErrors;
import dev.nonstop.cli.up.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nonstop}: the one launcher of Nonstop. Subcommands do the work. */
@Command(
        name = "nonstop",
        mixinStandardHelpOptions = true,
        versionProvider = NonstopCommand.Version.class,
        description = "Release Java services without stopping them.",
        subcommands = {
            UpCommand.class,
            ControllerServerCommand.class,
            AgentCommand.class,
            GatewayCommand.class,
            DemoCommand.class,
            ReleaseCommands.class,
            AppCommands.class,
            StatusCommand.class,
            DrainCommand.class,
            UndrainCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":done",
            ExitCodes.FAILURE + ":failed while running",
            ExitCodes.USAGE + ":bad usage or configuration"
        })
public final class NonstopCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands and the one way they report bad usage, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        return CommandErrors.install(new CommandLine(new NonstopCommand()));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NonstopCommand.class.getPackage().getImplementationVersion();
            return new String[] {"nonstop " + (version == null ? "(development build)" : version)};
        }
    }
}
