package dev.nonstop.cli.member;

import dev.nonstop.common.config.ConfigValues;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.GatewayAdminClient;
import dev.nonstop.gateway.contract.client.GatewayAdminException;
import dev.nonstop.gateway.contract.client.GatewayNotFoundException;
import dev.nonstop.gateway.contract.client.GatewayUnauthorizedException;
import java.io.IOException;
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
                "Takes one instance out of rotation at the gateway and waits until its in-flight requests are done.")
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
            description = "close what is still open to it after this, e.g. 60s (default: never)")
    String deadline;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "how long to wait for in-flight requests (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--no-wait", description = "return once the gateway has it DRAINING")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration drainDeadline = deadline == null ? null : duration(err, "--deadline", deadline);
        Duration waitFor = duration(err, "--timeout", timeout);
        if ((deadline != null && drainDeadline == null) || waitFor == null) {
            return 2;
        }
        try {
            GatewayAdminClient client = gateway.client();
            long start = System.nanoTime();
            long version = client.setMemberState(member, MemberState.DRAINING, drainDeadline);
            out.printf("%s DRAINING (table version %d in force)%n", member, version);
            out.flush();
            if (noWait) {
                return 0;
            }
            long deadlineNanos = start + waitFor.toNanos();
            int inFlight;
            while ((inFlight = client.memberStats(member).inFlight()) > 0) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    err.printf(
                            "nonstop drain: %s still has %d request(s) in flight after %s%n",
                            member, inFlight, timeout);
                    return 1;
                }
                Thread.sleep(20); // polling the gateway's live counter, bounded by --timeout
            }
            out.printf("%s drained in %.1f ms%n", member, (System.nanoTime() - start) / 1e6);
            return 0;
        } catch (IOException e) {
            err.println("nonstop drain: " + e.getMessage());
            return 2;
        } catch (GatewayNotFoundException e) {
            err.println("nonstop drain: " + member + ": no such member at the gateway");
            return 2;
        } catch (GatewayUnauthorizedException e) {
            err.println("nonstop drain: the gateway refused the token in " + gateway.tokenFile);
            return 2;
        } catch (GatewayAdminException e) {
            err.println("nonstop drain: " + e.getMessage()
                    + (e.status() == 0 ? " (is the gateway running? start it with: nonstop up)" : ""));
            return 1;
        }
    }

    static Duration duration(PrintWriter err, String option, String text) {
        return ConfigValues.parseDuration(text)
                .filter(d -> !d.isNegative() && !d.isZero())
                .orElseGet(() -> {
                    err.println("nonstop: " + option + ": " + text + " (expected: " + ConfigValues.DURATION_FORMAT
                            + ", > 0)");
                    return null;
                });
    }
}
