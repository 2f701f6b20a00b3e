package dev.nonstop.common.text;

import dev.nonstop.common.problem.Problem;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one grammar for the names users give apps, versions and instances: 1 to {@value #MAX_LENGTH} letters, digits,
 * {@code '.'}, {@code '_'} or {@code '-'}, and neither {@code "."} nor {@code ".."}. Such a name is safe as a file
 * name and as a URL path segment, so an agent can build paths from it; the controller, the CLI and the agent all
 * check it here, and a name one accepts is a name the others accept.
 */
public final class Names {
    /** The longest name. */
    public static final int MAX_LENGTH = 64;
    /** What a name looks like, for {@code (expected: ...)} messages. */
    public static final String EXPECTED = "letters, digits, '.', '_' or '-'";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private Names() {}

    /** Whether {@code value} is a name. */
    public static boolean isName(String value) {
        return value != null && NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }

    /**
     * The problem with {@code value} as the name {@code field}, or none: {@code app: a/b (expected: letters, digits,
     * '.', '_' or '-')}.
     */
    public static Optional<Problem> check(String field, String value) {
        return isName(value) ? Optional.empty() : Optional.of(Problem.of(field, value, expected(value)));
    }

    /**
     * What was expected instead of {@code value}, for {@code (expected: ...)} messages: {@link #EXPECTED}, led by the
     * length limit when {@code value} is too long.
     */
    public static String expected(String value) {
        return value != null && value.length() > MAX_LENGTH
                ? "at most " + MAX_LENGTH + " characters: " + EXPECTED
                : EXPECTED;
    }
}
