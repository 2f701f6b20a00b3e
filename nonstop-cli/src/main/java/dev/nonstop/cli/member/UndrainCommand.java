package dev.nonstop.cli.member;

import dev.nonstop.gateway.contract.MemberState;
import dev.nonstop.gateway.contract.client.GatewayAdminException;
import dev.nonstop.gateway.contract.client.GatewayNotFoundException;
import dev.nonstop.gateway.contract.client.GatewayUnauthorizedException;
import java.io.IOException;
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
            return 0;
        } catch (IOException e) {
            err.println("nonstop undrain: " + e.getMessage());
            return 2;
        } catch (GatewayNotFoundException e) {
            err.println("nonstop undrain: " + member + ": no such member at the gateway");
            return 2;
        } catch (GatewayUnauthorizedException e) {
            err.println("nonstop undrain: the gateway refused the token in " + gateway.tokenFile);
            return 2;
        } catch (GatewayAdminException e) {
            err.println("nonstop undrain: " + e.getMessage()
                    + (e.status() == 0 ? " (is the gateway running? start it with: nonstop up)" : ""));
            return 1;
        }
    }
}
