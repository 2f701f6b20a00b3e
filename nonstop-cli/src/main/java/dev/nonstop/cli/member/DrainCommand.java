package dev.nonstop.cli.member;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.cli.support.DurationConverter;
import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayAdminException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nonstop drain INSTANCE}: the gateway stops sending it new requests (requests pinned to it
 * by the sticky cookie still come), then the command waits until its in-flight count is zero.
 */
@Command(
        name = "drain",
        mixinStandardHelpOptions = true,
        description =
                "Takes one instance out of rotation at the gateway and waits until its in-flight requests are done.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":drained (or, with --no-wait, DRAINING)",
            ExitCodes.FAILURE + ":requests still in flight after --timeout; the gateway failed or is not running",
            ExitCodes.USAGE + ":bad options, an unknown instance or a refused token"
        })
public final class DrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "INSTANCE", description = "the instance's member id at the gateway, e.g. shop-1")
    String member;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "close what is still open to it after this, e.g. 60s or 1d (default: never)")
    Duration deadline;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "how long to wait for in-flight requests (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--no-wait", description = "return once the gateway has it DRAINING")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        if (deadline != null) {
            DurationConverter.requirePositive("--deadline", deadline);
        }
        DurationConverter.requirePositive("--timeout", timeout);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayAdminClient client = gateway.client();
        try {
            long start = System.nanoTime();
            long version = client.setMemberState(member, MemberState.DRAINING, deadline);
            out.printf("%s DRAINING (table version %d in force)%n", member, version);
            out.flush();
            if (noWait) {
                return ExitCodes.OK;
            }
            long deadlineNanos = start + timeout.toNanos();
            int inFlight;
            while ((inFlight = client.memberStats(member).inFlight()) > 0) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    err.printf(
                            "%s: %s still has %d request(s) in flight after %s%n",
                            spec.qualifiedName(), member, inFlight, ConfigValues.formatDuration(timeout));
                    return ExitCodes.FAILURE;
                }
                Thread.sleep(20); // polling the gateway's live counter, bounded by --timeout
            }
            out.printf("%s drained in %.1f ms%n", member, (System.nanoTime() - start) / 1e6);
            return ExitCodes.OK;
        } catch (GatewayAdminException e) {
            return GatewayErrors.report(err, spec.qualifiedName(), member, gateway, e);
        }
    }
}
