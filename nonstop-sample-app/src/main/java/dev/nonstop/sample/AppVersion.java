package dev.nonstop.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Which build of the sample app this is: {@code GET /version} reports {@link #name()}, the page
 * shows {@link #banner()} in {@link #color()}. Read from {@code dev/nonstop/sample/version.properties},
 * which each of the v1, v2, v3 jars carries; classes run without one (tests, the plain module jar)
 * are version {@code dev}.
 *
 * @param name the version name, such as {@code v2}
 * @param banner the banner text of the HTML page
 * @param color the banner's CSS colour, such as {@code #1a7f37}
 */
public record AppVersion(String name, String banner, String color) {

    static final String RESOURCE = "/dev/nonstop/sample/version.properties";

    /** The version of classes run without a {@code version.properties}. */
    public static final AppVersion DEV = new AppVersion("dev", "Development build", "#57606a");

    public AppVersion {
        requireText("version", name);
        requireText("banner", banner);
        requireText("color", color);
    }

    /** The version of the running jar, or {@link #DEV} when it carries none. */
    public static AppVersion fromClasspath() {
        try (InputStream in = AppVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return DEV;
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new AppVersion(
                    properties.getProperty("version"),
                    properties.getProperty("banner"),
                    properties.getProperty("color"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(RESOURCE + ": " + key + " is missing (expected: a non-empty value)");
        }
    }
}
