package dev.nonstop.cli.support;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.common.config.ConfigException;
import dev.nonstop.common.problem.Problem;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code nonstop} command reports bad usage: one line on stderr that starts with the command's name and
 * names the option and what it expects ({@code nonstop drain: --deadline: soon (expected: a duration like 500ms, 2s,
 * 1m or PT2S)}), a hint to {@code --help}, and exit {@link ExitCodes#USAGE}. Covers what picocli finds while parsing
 * (a value a converter refused, a missing or unknown option) and the {@link InvalidOptionException}s a command throws
 * from {@code call()}; a config file's problems are printed one per line by {@link #printProblems}.
 */
public final class CommandErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private CommandErrors() {}

    /** {@code cli} with these handlers, for itself and every subcommand. */
    public static CommandLine install(CommandLine cli) {
        CommandErrors errors = new CommandErrors();
        return cli.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        err.println(command + ": " + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) throws Exception {
        if (e instanceof InvalidOptionException invalid) {
            cli.getOut().flush();
            return report(cli.getErr(), cli.getCommandSpec().qualifiedName(), invalid);
        }
        throw e;
    }

    /** Prints {@code command: message} and returns {@link ExitCodes#USAGE}. */
    public static int report(PrintWriter err, String command, InvalidOptionException e) {
        err.println(command + ": " + e.getMessage());
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * Prints {@code command: source: 2 problems:} and each problem indented on its own line; returns {@link
     * ExitCodes#USAGE}: nothing was started.
     */
    public static int printProblems(PrintWriter err, String command, ConfigException e) {
        return printProblems(err, command, e.source(), e.problems());
    }

    /** {@link #printProblems(PrintWriter, String, ConfigException)} for problems found outside a config loader. */
    public static int printProblems(PrintWriter err, String command, Object source, List<Problem> problems) {
        int n = problems.size();
        err.println(command + ": " + source + ": " + n + (n == 1 ? " problem:" : " problems:"));
        problems.forEach(p -> err.println("  " + p));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** {@code --deadline: soon (expected: ...)} for a value a converter refused; picocli's message otherwise. */
    private static String message(ParameterException e) {
        ArgSpec arg = e.getArgSpec();
        if (e.getCause() instanceof TypeConversionException refused && arg != null) {
            String name = arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
            return name + ": " + refused.getMessage();
        }
        return e.getMessage();
    }
}
