package dev.nonstop.cli.member;

import dev.nonstop.cli.support.InvalidOptionException;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the gateway's admin API is and which token opens it; shared by {@code drain} and {@code undrain}. */
final class GatewayOptions {
    @Option(
            names = "--gateway",
            paramLabel = "URL",
            defaultValue = "${env:NONSTOP_GATEWAY_ADMIN:-http://127.0.0.1:9090}",
            description = "the gateway admin API (default: $NONSTOP_GATEWAY_ADMIN or ${DEFAULT-VALUE})")
    URI gateway;

    @Option(
            names = "--gateway-token-file",
            paramLabel = "PATH",
            defaultValue = ".nonstop/gateway.token",
            description = "the admin API token (default: ${DEFAULT-VALUE})")
    Path tokenFile;

    /**
     * A client for the gateway these options name.
     *
     * @throws InvalidOptionException when the token file is missing or unreadable
     */
    GatewayAdminClient client() {
        String expected = "the gateway's token file; nonstop up writes it under .nonstop/";
        if (!Files.isRegularFile(tokenFile)) {
            throw new InvalidOptionException("--gateway-token-file", tokenFile, expected);
        }
        try {
            return GatewayAdminClient.of(gateway, Files.readString(tokenFile).trim(), Duration.ofSeconds(5));
        } catch (IOException e) {
            throw new InvalidOptionException("--gateway-token-file", tokenFile, expected + "; cannot read it: " + e);
        }
    }
}
