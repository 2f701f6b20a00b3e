package dev.nonstop.app;

import java.util.regex.Pattern;

/** Participant name rules, shared by {@link InFlight} and {@link NonstopApp}. */
final class Participants {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Participants() {}

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "participant name: " + name + " (expected: 1 to 64 of letters, digits, '.', '_', '-')");
        }
        return name;
    }
}
