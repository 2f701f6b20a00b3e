package dev.nonstop.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nonstop.agent.contract.LaunchTemplate;
import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.cli.support.InvalidOptionException;
import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.DrainMode;
import dev.nonstop.controller.release.spec.SmokeCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nonstop app settings APP [changes]}: prints the app's settings (JSON), or changes the ones given and prints
 * the result. Each option given replaces that setting whole; the others keep their value. Templates are checked here
 * first ({@code --arg[1]: unknown variable ${FOO}; known: PORT, INSTANCE}, exit 2, nothing sent).
 */
@Command(
        name = "settings",
        description = {
            "Shows an app's settings, or changes those given: how its instances are launched (jvmArgs, args, env:"
                    + " templates that may name $${PORT} and $${INSTANCE}) and what every release and rollback uses"
                    + " (readiness path and timeout, smoke checks, drain). Each option given replaces that setting; quote templates"
                    + " for the shell."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":shown, or changed",
            ExitCodes.FAILURE + ":no such app; no controller",
            ExitCodes.USAGE + ":a bad option or setting: nothing changed"
        })
final class AppSettingsCommand extends ControllerApiCommand {
    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Option(
            names = "--readiness-path",
            paramLabel = "PATH",
            description = "The path a new instance answers 2xx on once ready, e.g. /actuator/health/readiness.")
    String readinessPath;

    @Option(
            names = "--readiness-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a new instance may take to become ready, 1s to 1h, e.g. 120s for a slow-starting"
                    + " Spring Boot app. A release may still override it.")
    Duration readinessTimeout;

    @Option(
            names = "--default-readiness-timeout",
            description = "The controller's default readiness timeout (60s) instead of the app's own.")
    boolean defaultReadinessTimeout;

    @Option(
            names = "--smoke",
            paramLabel = "'METHOD PATH STATUS [TEXT]'",
            description = "A smoke check, e.g. 'GET /health 200 UP'. Repeatable; replaces the list.")
    List<String> smokeChecks;

    @Option(names = "--no-smoke", description = "No smoke checks.")
    boolean noSmoke;

    @Option(names = "--default-smoke", description = "The default smoke check: the readiness path answering 2xx.")
    boolean defaultSmoke;

    @Option(
            names = "--drain-deadline",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long an instance may take to drain, e.g. 60s.")
    Duration drainDeadline;

    @Option(
            names = "--drain-policy",
            paramLabel = "fail|force",
            description = "At the drain deadline: fail the release (and roll back) or force the stop.")
    String drainPolicy;

    @Option(
            names = "--drain-mode",
            paramLabel = "gateway|app|auto",
            description = "How a drain is verified: the gateways' counters, the app's /nonstop/status too, or auto"
                    + " (the app's too when it answers it).")
    String drainMode;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "A JVM option. Repeatable; replaces the list.")
    List<String> jvmArgs;

    @Option(names = "--arg", paramLabel = "ARG", description = "An app argument. Repeatable; replaces the list.")
    List<String> args;

    @Option(
            names = "--env",
            paramLabel = "NAME=VALUE",
            description = "An environment variable. Repeatable; replaces the environment.")
    Map<String, String> env;

    @Override
    int run(ControllerClient client, PrintWriter out, PrintWriter err) {
        ObjectNode changes = changes();
        JsonNode current = client.app(app).path("settings");
        if (changes.isEmpty() && !defaultSmoke && !defaultReadinessTimeout) {
            out.println(current.toPrettyString());
            return ExitCodes.OK;
        }
        ObjectNode settings =
                current.isObject() ? ((ObjectNode) current).deepCopy() : ControllerClient.JSON.createObjectNode();
        if (changes.has("drain") && settings.path("drain").isObject()) {
            ObjectNode drain = (ObjectNode) settings.get("drain");
            drain.setAll((ObjectNode) changes.remove("drain"));
        }
        settings.setAll(changes);
        if (defaultSmoke) {
            settings.remove("smokeChecks");
        }
        if (defaultReadinessTimeout) {
            settings.remove("readinessTimeout");
        }
        JsonNode updated = client.updateAppSettings(app, settings);
        out.println(updated.path("settings").toPrettyString());
        return ExitCodes.OK;
    }

    /** The settings the options change, checked as far as can be done here. */
    private ObjectNode changes() {
        ObjectNode changes = ControllerClient.JSON.createObjectNode();
        if (readinessPath != null) {
            if (!readinessPath.startsWith("/")) {
                throw new InvalidOptionException("--readiness-path", readinessPath, "a path starting with /");
            }
            changes.put("readinessPath", readinessPath);
        }
        if (readinessTimeout != null && defaultReadinessTimeout) {
            throw new InvalidOptionException(
                    "--readiness-timeout, --default-readiness-timeout", "together", "one of them");
        }
        if (readinessTimeout != null) {
            if (!AppSettings.isReadinessTimeout(readinessTimeout)) {
                throw new InvalidOptionException(
                        "--readiness-timeout", readinessTimeout.toString(), AppSettings.READINESS_TIMEOUT_EXPECTED);
            }
            changes.put("readinessTimeout", readinessTimeout.toString());
        }
        int smokeOptions = (smokeChecks != null ? 1 : 0) + (noSmoke ? 1 : 0) + (defaultSmoke ? 1 : 0);
        if (smokeOptions > 1) {
            throw new InvalidOptionException("--smoke, --no-smoke, --default-smoke", "together", "one of them");
        }
        if (smokeChecks != null || noSmoke) {
            ArrayNode array = changes.putArray("smokeChecks");
            for (String text : smokeChecks == null ? List.<String>of() : smokeChecks) {
                SmokeCheck check = SmokeCheck.parse(text)
                        .orElseThrow(() -> new InvalidOptionException("--smoke", "'" + text + "'", SmokeCheck.FORMAT));
                array.add(check.toString());
            }
        }
        if (drainDeadline != null || drainPolicy != null || drainMode != null) {
            ObjectNode drain = changes.putObject("drain");
            if (drainDeadline != null) {
                DurationConverter.requirePositive("--drain-deadline", drainDeadline);
                drain.put("deadline", drainDeadline.toString());
            }
            if (drainPolicy != null) {
                String policy = drainPolicy.strip().toUpperCase(Locale.ROOT);
                if (!policy.equals("FAIL") && !policy.equals("FORCE")) {
                    throw new InvalidOptionException("--drain-policy", drainPolicy, "fail or force");
                }
                drain.put("policy", policy);
            }
            if (drainMode != null) {
                drain.put(
                        "mode",
                        DrainMode.parse(drainMode)
                                .orElseThrow(
                                        () -> new InvalidOptionException("--drain-mode", drainMode, DrainMode.EXPECTED))
                                .name());
            }
        }
        if (jvmArgs != null) {
            checkTemplates("--jvm-arg", jvmArgs);
            jvmArgs.forEach(changes.putArray("jvmArgs")::add);
        }
        if (args != null) {
            checkTemplates("--arg", args);
            args.forEach(changes.putArray("args")::add);
        }
        if (env != null) {
            ObjectNode node = changes.putObject("env");
            env.forEach((name, value) -> {
                LaunchTemplate.check("--env " + name, value).ifPresent(p -> {
                    throw new InvalidOptionException(p.toString());
                });
                node.put(name, value);
            });
        }
        return changes;
    }

    private static void checkTemplates(String option, List<String> values) {
        LaunchTemplate.checkAll(option, values).stream().findFirst().ifPresent(p -> {
            throw new InvalidOptionException(p.toString());
        });
    }
}
