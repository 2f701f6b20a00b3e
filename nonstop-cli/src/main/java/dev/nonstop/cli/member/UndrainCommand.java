package dev.nonstop.cli.member;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.GatewayAdminException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nonstop undrain INSTANCE}: puts a drained instance back in rotation at the gateway. */
@Command(
        name = "undrain",
        mixinStandardHelpOptions = true,
        description = "Puts one instance back in rotation at the gateway.")
public final class UndrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "INSTANCE", description = "the instance's member id at the gateway, e.g. shop-1")
    String member;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            long version = gateway.client().setMemberState(member, MemberState.ACTIVE, null);
            out.printf("%s ACTIVE (table version %d in force)%n", member, version);
            return ExitCodes.OK;
        } catch (GatewayAdminException e) {
            return GatewayErrors.report(err, spec.qualifiedName(), member, gateway, e);
        }
    }
}
