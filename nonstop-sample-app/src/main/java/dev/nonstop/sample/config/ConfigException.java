package dev.nonstop.sample.config;

/** A configuration value is missing or malformed; the message names the variable and what it expects. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConfigException(String key, String value, String expected) {
        super(key + ": " + value + " (expected: " + expected + ")");
    }
}
