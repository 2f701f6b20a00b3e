package dev.nonstop.agent.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a controller can ask of an agent, in-process ({@link Agent}) or remote ({@link
 * dev.nonstop.agent.contract.client.AgentClient}). Mutations throw the same typed exceptions either way.
 */
public interface AgentApi {

    /**
     * Installs a runnable jar as a version of an app.
     *
     * @param expectedSha256 hex digest to verify, or null to compute and record it
     */
    InstallResult install(String app, String version, Path artifact, String expectedSha256);

    /** Installed versions by app. */
    Map<String, List<InstalledArtifact>> apps();

    /** Starts an instance of an installed version. */
    InstanceStatus start(InstanceSpec spec);

    /** Stops an instance: SIGTERM, up to {@code timeout}, then SIGKILL. */
    StopResult stop(String instanceId, Duration timeout);

    /** One instance's status. */
    InstanceStatus status(String instanceId);

    /** Every instance the agent started. */
    List<InstanceStatus> instances();

    /**
     * A TCP port that is free on the agent's host right now, for a new instance (a surge instance of
     * a release). Not reserved: the instance started on it should follow soon.
     */
    int freePort();
}
