package dev.nonstop.cli.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/**
 * {@code --verbose} and {@code --log-file}, for the commands a person watches ({@code nonstop demo}, {@code nonstop
 * up}): their terminal shows progress and the report, and the logs of the parts they run go to a file the command
 * names when it starts; {@code --verbose} keeps the logs on the terminal (stderr) instead.
 */
public final class LogOptions {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(
            names = "--verbose",
            description = "Logs on the terminal (stderr), between the progress lines, instead of in a file.")
    boolean verbose;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Where the logs go (appended). Default: <command>-<time>.log under .nonstop/logs/"
                    + " (under the data directory for up).")
    Path logFile;

    /**
     * Sends the logs to {@code --log-file}, else to {@code COMMAND-yyyyMMdd-HHmmss.log} in {@code defaultDir}; with
     * {@code --verbose}, leaves them on the terminal.
     *
     * @return what to close when the command ends (the logs go back to the terminal)
     * @throws InvalidOptionException when the {@code --log-file} given cannot be created or written
     * @throws IOException when the default file cannot be
     */
    public LogFile open(Path defaultDir, String command) throws IOException {
        if (verbose) {
            return LogFile.terminal();
        }
        if (logFile == null) {
            return LogFile.to(
                    defaultDir.resolve(command + "-" + LocalDateTime.now().format(STAMP) + ".log"));
        }
        try {
            return LogFile.to(logFile);
        } catch (IOException e) {
            throw new InvalidOptionException("--log-file", logFile, "a file this user can create and write: " + e);
        }
    }
}
