package dev.nonstop.sample.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one sample app instance.
 *
 * @param port the port to listen on; 0 picks an ephemeral one ({@code PORT})
 * @param host the address to bind ({@code HOST})
 * @param instanceId reported in {@code X-Instance-Id} and in the JSON answers ({@code NONSTOP_INSTANCE_ID})
 * @param sessionSecret the HMAC key of session cookies, shared by all instances ({@code SAMPLE_SESSION_SECRET})
 * @param appToken the bearer token of the drain endpoints; empty means they refuse everything
 *     ({@code NONSTOP_APP_TOKEN})
 * @param startupDelay the simulated warm-up before {@code /ready} answers 200 ({@code SAMPLE_STARTUP_DELAY_MS})
 * @param failHealth {@code /ready} never succeeds ({@code SAMPLE_FAIL_HEALTH})
 * @param failSmoke {@code GET /version} answers 500 ({@code SAMPLE_FAIL_SMOKE})
 * @param stopTimeout how long a SIGTERM waits for requests in flight ({@code SAMPLE_STOP_TIMEOUT_MS})
 */
public record SampleConfig(
        int port,
        String host,
        String instanceId,
        String sessionSecret,
        Optional<String> appToken,
        Duration startupDelay,
        boolean failHealth,
        boolean failSmoke,
        Duration stopTimeout) {

    /** The session secret used when none is configured; fine on a laptop, never in production. */
    public static final String DEV_SESSION_SECRET = "nonstop-sample-dev-secret-change-me";

    public SampleConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(sessionSecret, "sessionSecret");
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(startupDelay, "startupDelay");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
    }

    /** Whether the sessions are signed with {@link #DEV_SESSION_SECRET}. */
    public boolean usesDevSessionSecret() {
        return DEV_SESSION_SECRET.equals(sessionSecret);
    }

    @Override
    public String toString() {
        // Secrets stay out of logs.
        return "SampleConfig[port=" + port + ", host=" + host + ", instanceId=" + instanceId + ", appToken="
                + (appToken.isPresent() ? "set" : "unset") + ", startupDelay=" + startupDelay + ", failHealth="
                + failHealth + ", failSmoke=" + failSmoke + ", stopTimeout=" + stopTimeout + "]";
    }
}
