package dev.nonstop.cli.controller;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A controller of a multi-host setup, read from {@code controller.yaml}: where its API listens,
 * the shared store (several controllers on one PostgreSQL are multi-active), the gateways it
 * pushes tables to and the agent of each host.
 *
 * @param controllerId unique per controller; shown as a release's owner
 * @param agents by host name as registered for the instances
 */
record ControllerConfig(
        String controllerId,
        InetSocketAddress listen,
        Path tokenFile,
        String store,
        String storeUser,
        String storePassword,
        Path appTokenFile,
        List<Endpoint> gateways,
        Map<String, Endpoint> agents) {

    /** An API to call: its base URL and the file holding its token. */
    record Endpoint(URI url, Path tokenFile) {}
}
