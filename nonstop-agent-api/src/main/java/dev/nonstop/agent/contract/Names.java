package dev.nonstop.agent.contract;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one rule for names that become file names (apps, versions, instance ids): 1-64 letters,
 * digits, '.', '_' or '-', and not "." or "..". Checked before any path is built from them.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String EXPECTED = "letters, digits, '.', '_' or '-'";

    private Names() {}

    /** The problem with {@code value} as the name {@code field}, or none. */
    public static List<Problem> check(String field, String value) {
        if (value == null) {
            return List.of(Problem.of(field, null, EXPECTED));
        }
        if (value.length() > 64) {
            return List.of(Problem.of(field, value, "at most 64 characters: " + EXPECTED));
        }
        if (!NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            return List.of(Problem.of(field, value, EXPECTED));
        }
        return List.of();
    }

    /**
     * Returns {@code value} when it is a valid name.
     *
     * @throws InvalidInputException naming {@code field} otherwise
     */
    public static String require(String field, String value) {
        List<Problem> problems = check(field, value);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return value;
    }
}
