package dev.nonstop.cli.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The logs of this process in a file instead of on the terminal, until closed. Reconfigures Logback in place, so it
 * works whenever Logback initialized (at the first logger, often while picocli builds the commands): the root
 * logger's console appenders are detached and a file appender takes their place; its level and every other logger
 * (the gateway's access log on stdout, which is data) stay as {@code logback.xml} set them. {@link #close} puts the
 * console appenders back.
 */
public final class LogFile implements AutoCloseable {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n";

    private final Optional<Path> file;
    private final Logger root;
    private final FileAppender<ILoggingEvent> appender;
    private final List<Appender<ILoggingEvent>> detached;

    private LogFile(
            Optional<Path> file,
            Logger root,
            FileAppender<ILoggingEvent> appender,
            List<Appender<ILoggingEvent>> detached) {
        this.file = file;
        this.root = root;
        this.appender = appender;
        this.detached = detached;
    }

    /** The logs stay where they are (on the terminal). */
    static LogFile terminal() {
        return new LogFile(Optional.empty(), null, null, List.of());
    }

    /**
     * Appends the logs to {@code file} (its directory is created) from now on.
     *
     * @throws IOException when the file cannot be created or opened
     */
    static LogFile to(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IOException(file + ": the logging backend is not Logback");
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException(file + ": cannot be opened for writing");
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof ConsoleAppender) {
                detached.add(a);
            }
        }
        detached.forEach(root::detachAppender);
        return new LogFile(Optional.of(file), root, appender, List.copyOf(detached));
    }

    /** The file the logs go to; empty when they stay on the terminal. */
    public Optional<Path> file() {
        return file;
    }

    /** Tells the person watching where the logs are: {@code logs: .nonstop/logs/demo-20260101-120000.log}. */
    public void announce(PrintStream out) {
        file.ifPresent(f -> out.println("logs: " + f + "  (--verbose shows them here instead)"));
    }

    /** Back to the terminal: the console appenders return, the file is closed. */
    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        detached.forEach(root::addAppender);
        root.detachAppender(appender);
        appender.stop();
    }
}
