package dev.nonstop.gateway.admin;

import dev.nonstop.common.token.BearerToken;
import dev.nonstop.gateway.Gateway;
import dev.nonstop.gateway.GatewaySettings;
import dev.nonstop.gateway.contract.App;
import dev.nonstop.gateway.contract.Member;
import dev.nonstop.gateway.contract.Route;
import dev.nonstop.gateway.contract.RoutingTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A gateway with its admin API in a process of its own, for tests that measure the process (its RSS): prints {@code
 * admin-port=<port>} on stdout once both listen, and exits when its stdin ends (the test closed it, or died). The
 * admin token comes from the environment variable {@code NONSTOP_ADMIN_TOKEN}.
 */
final class AdminGatewayProcess {
    static final String TOKEN_ENV = "NONSTOP_ADMIN_TOKEN";
    static final String READY_PREFIX = "admin-port=";

    private AdminGatewayProcess() {}

    public static void main(String[] args) throws IOException {
        RoutingTable table = new RoutingTable(
                1, List.of(Route.any("shop")), List.of(App.of("shop", Member.active("shop-1", "127.0.0.1", 1))));
        Gateway gateway = Gateway.start(
                GatewaySettings.builder().listen("127.0.0.1", 0).eventLoops(1).build(), table);
        AdminServer admin = AdminServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                BearerToken.of(System.getenv(TOKEN_ENV), AdminServer.TOKEN_NAME),
                gateway);
        System.out.println(READY_PREFIX + admin.address().getPort());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // runs until the test closes our stdin
        }
        admin.close();
        gateway.close();
        System.exit(0);
    }
}
