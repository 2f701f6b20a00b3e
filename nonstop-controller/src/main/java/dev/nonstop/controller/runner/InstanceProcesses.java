package dev.nonstop.controller.runner;

import dev.nonstop.agent.contract.AgentApi;
import dev.nonstop.agent.contract.InstanceSpec;
import dev.nonstop.agent.contract.InstanceStatus;
import dev.nonstop.agent.contract.StopResult;
import dev.nonstop.agent.contract.UnknownInstanceException;
import dev.nonstop.controller.release.spec.ReleaseSpec;
import dev.nonstop.controller.runner.InstanceActions.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A release's instances as their hosts' agents run them: a free port, the new version installed once per host, a
 * process started or stopped, its status. Each call is idempotent, as the steps that make it must be.
 */
final class InstanceProcesses {
    private final ReleaseSpec spec;
    private final Function<String, AgentApi> agents;
    private final Map<String, String> env;
    private final Map<String, String> newVersionEnv;
    private final List<String> jvmArgs;
    private final List<String> args;
    private final Map<String, Object> installLocks = new ConcurrentHashMap<>();
    private final Map<String, String> installedOn = new ConcurrentHashMap<>();

    /**
     * @param agents the agent of a host, its mutations fenced for the release
     * @param env the environment of every process the release starts
     * @param newVersionEnv added to {@code env} for processes of the release's new version
     * @param jvmArgs placed before {@code -jar}; templates the agent expands per instance
     * @param args the app's arguments; templates the agent expands per instance
     */
    InstanceProcesses(
            ReleaseSpec spec,
            Function<String, AgentApi> agents,
            Map<String, String> env,
            Map<String, String> newVersionEnv,
            List<String> jvmArgs,
            List<String> args) {
        this.spec = spec;
        this.agents = agents;
        this.env = env;
        this.newVersionEnv = newVersionEnv;
        this.jvmArgs = jvmArgs;
        this.args = args;
    }

    /** A port free on {@code host} for a new instance, as that host's agent sees it. */
    int freePort(String host) {
        return agents.apply(host).freePort();
    }

    /** STOPPED: SIGTERM, up to the spec's stop timeout, then SIGKILL. Already stopped is fine. */
    String stop(Target t) {
        try {
            StopResult result = agents.apply(t.host()).stop(t.instanceId(), spec.stopTimeout());
            return result.mode() + " in " + result.took().toMillis() + " ms";
        } catch (UnknownInstanceException e) {
            return "ALREADY_STOPPED (unknown to the agent)";
        }
    }

    /**
     * DEPLOYED: installs the new version, checksum verified; a version already staged there (the release's first
     * phase, {@link ArtifactStaging}) is not sent again. One install per host and runner: instances of one host
     * deployed together wait for the first one's install instead of sending the artifact again.
     */
    String deploy(Target t) {
        Object hostLock = installLocks.computeIfAbsent(t.host(), h -> new Object());
        synchronized (hostLock) {
            String earlier = installedOn.get(t.host());
            if (earlier != null) {
                return earlier + " (for an earlier instance on " + t.host() + ")";
            }
            String detail = ArtifactStaging.install(
                    agents.apply(t.host()), spec, spec.artifactSha256().orElse(null));
            installedOn.put(t.host(), detail);
            return detail;
        }
    }

    /** STARTED: starts {@code version}; a live process of that version is kept, one of another version refused. */
    String start(Target t, String version) {
        InstanceStatus status = status(t);
        if (status != null && status.state().isLive()) {
            if (status.version().equals(version)) {
                return "already running " + version + " pid " + status.pid().orElse(-1);
            }
            throw new StepFailedException("instance " + t.instanceId() + " runs " + status.version()
                    + " (expected: stopped, or " + version + ")");
        }
        Map<String, String> processEnv = new LinkedHashMap<>(env);
        if (version.equals(spec.version())) {
            processEnv.putAll(newVersionEnv);
        }
        InstanceStatus started = agents.apply(t.host())
                .start(new InstanceSpec(t.instanceId(), spec.app(), version, t.port(), processEnv, jvmArgs, args));
        return "started " + version + " on port " + t.port() + " pid "
                + started.pid().orElse(-1);
    }

    /** What the instance's agent reports about it; null when the agent does not know it. */
    InstanceStatus status(Target t) {
        try {
            return agents.apply(t.host()).status(t.instanceId());
        } catch (UnknownInstanceException e) {
            return null;
        }
    }

    /** Whether the instance's process may still be alive. */
    boolean isLive(Target t) {
        InstanceStatus s = status(t);
        return s != null && s.state().isLive();
    }
}
