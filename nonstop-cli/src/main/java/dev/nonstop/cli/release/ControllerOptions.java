package dev.nonstop.cli.release;

import dev.nonstop.cli.support.InvalidOptionException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the controller is and how to prove who we are, shared by every command that calls it. The address comes
 * from {@code --controller}, else {@code NONSTOP_CONTROLLER}, else {@code http://127.0.0.1:9070}; the token from
 * {@code --token-file}, else {@code NONSTOP_TOKEN} (the token itself), else {@code .nonstop/controller.token} (the
 * file {@code nonstop up} writes). Without any token the calls go out without one, so that a controller that is not
 * running is reported as such rather than as a missing token.
 */
public final class ControllerOptions {
    static final String DEFAULT_TOKEN_FILE = ".nonstop/controller.token";

    @Option(
            names = "--controller",
            paramLabel = "URL",
            defaultValue = "${env:NONSTOP_CONTROLLER:-http://127.0.0.1:9070}",
            description = "The controller's API (env NONSTOP_CONTROLLER). Default: ${DEFAULT-VALUE}.")
    String controller;

    @Option(
            names = "--token-file",
            paramLabel = "PATH",
            description = "File holding the API token. Default: NONSTOP_TOKEN from the environment, else "
                    + DEFAULT_TOKEN_FILE + ".")
    Path tokenFile;

    /**
     * A client for the controller these options name.
     *
     * @throws InvalidOptionException when the URL is malformed or the token file given cannot be read
     */
    public ControllerClient client() {
        return new ControllerClient(baseUri(), token(), tokenHint());
    }

    private URI baseUri() {
        String expected = "an http:// URL such as http://127.0.0.1:9070";
        try {
            URI uri = new URI(controller.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidOptionException("--controller", controller, expected);
            }
            String text = uri.toString();
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new InvalidOptionException("--controller", controller, expected);
        }
    }

    private Optional<String> token() {
        if (tokenFile != null) {
            return Optional.of(read(tokenFile, "--token-file"));
        }
        String env = System.getenv("NONSTOP_TOKEN");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.strip());
        }
        Path fallback = Path.of(DEFAULT_TOKEN_FILE);
        return Files.isRegularFile(fallback) ? Optional.of(read(fallback, DEFAULT_TOKEN_FILE)) : Optional.empty();
    }

    private String tokenHint() {
        if (tokenFile != null) {
            return "from " + tokenFile.toAbsolutePath();
        }
        String env = System.getenv("NONSTOP_TOKEN");
        if (env != null && !env.isBlank()) {
            return "from NONSTOP_TOKEN";
        }
        Path fallback = Path.of(DEFAULT_TOKEN_FILE).toAbsolutePath();
        return Files.isRegularFile(fallback)
                ? "from " + fallback
                : "none: " + fallback + " does not exist; give --token-file PATH or set NONSTOP_TOKEN";
    }

    private static String read(Path file, String option) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new InvalidOptionException(option, file, "a file holding the controller's token; it is empty");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new InvalidOptionException(option, file, "an existing file holding the controller's token");
        } catch (IOException e) {
            throw new InvalidOptionException(option, file, "a readable file: " + e);
        }
    }
}
