package dev.nonstop.cli;

import java.util.List;
import java.util.regex.Pattern;

/** Finds Logback's lines (a time, a level) in what a command printed or in its log file. */
public final class LogLines {
    private static final Pattern LOG_LINE =
            Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} )?\\d{2}:\\d{2}:\\d{2}\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) .*");

    private LogLines() {}

    /** The log lines in {@code text}. */
    public static List<String> in(String text) {
        return text.lines().filter(l -> LOG_LINE.matcher(l).matches()).toList();
    }
}
