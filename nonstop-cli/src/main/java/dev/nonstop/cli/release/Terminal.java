package dev.nonstop.cli.release;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Clock;

/** Picks the progress view: the live table on an interactive terminal, plain lines anywhere else. */
final class Terminal {
    private Terminal() {}

    static ProgressView view(boolean plain, PrintWriter out) {
        Clock clock = Clock.systemDefaultZone();
        return !plain && isInteractive() ? new TerminalProgressView(out, clock) : new PlainProgressView(out, clock);
    }

    /**
     * Whether stdin and stdout are a terminal that understands ANSI escapes. Since Java 22 {@link System#console()}
     * is not null when redirected, and {@code Console.isTerminal()} (not in Java 21's API) tells; it is called when
     * present.
     */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
