package dev.nonstop.cli.member;

import dev.nonstop.cli.ExitCodes;
import dev.nonstop.gateway.contract.client.GatewayAdminException;
import dev.nonstop.gateway.contract.client.GatewayNotFoundException;
import dev.nonstop.gateway.contract.client.GatewayUnauthorizedException;
import java.io.PrintWriter;

/**
 * What the gateway's admin API refused, as one line on stderr and an exit code: an unknown instance or a wrong token
 * is bad input (2), anything else failed while running (1), with a hint when no gateway answered.
 */
final class GatewayErrors {
    private GatewayErrors() {}

    static int report(PrintWriter err, String command, String member, GatewayOptions gateway, GatewayAdminException e) {
        int exit;
        if (e instanceof GatewayNotFoundException) {
            err.println(command + ": " + member + ": no such member at the gateway");
            exit = ExitCodes.USAGE;
        } else if (e instanceof GatewayUnauthorizedException) {
            err.println(command + ": the gateway refused the token in " + gateway.tokenFile);
            exit = ExitCodes.USAGE;
        } else {
            err.println(command + ": " + e.getMessage()
                    + (e.status() == 0 ? " (is the gateway running? start it with: nonstop up)" : ""));
            exit = ExitCodes.FAILURE;
        }
        err.flush();
        return exit;
    }
}
