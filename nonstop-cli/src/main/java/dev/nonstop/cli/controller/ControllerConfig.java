package dev.nonstop.cli.controller;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A controller of a multi-host setup, read from {@code controller.yaml}: where its API listens,
 * the shared store (several controllers on one PostgreSQL are multi-active), the gateways it
 * pushes tables to, the agent of each host and where release leases are kept.
 *
 * @param controllerId unique per controller; shown as a release's owner
 * @param agents by host name as registered for the instances
 * @param warmUp how long the controller runs its API's request path hot before it opens ({@code warmUp}, default
 *     {@value ControllerConfigLoader#DEFAULT_WARM_UP_TEXT}; {@code 0s} for none)
 */
record ControllerConfig(
        String controllerId,
        InetSocketAddress listen,
        Path tokenFile,
        String store,
        String storeUser,
        String storePassword,
        Leases leases,
        Path appTokenFile,
        List<Endpoint> gateways,
        Map<String, Endpoint> agents,
        Duration warmUp) {

    /** An API to call: its base URL and the file holding its token. */
    record Endpoint(URI url, Path tokenFile) {}

    /** Where release leases are kept ({@code leases.backend}); by default the store's own database. */
    sealed interface Leases {
        /** {@code backend: jdbc}: the store's database. */
        record Jdbc() implements Leases {}

        /** {@code backend: redis, uri: redis://host:6379}. */
        record Redis(URI uri) implements Leases {}

        /** {@code backend: zookeeper, connect: host:2181[,host:2181...][/chroot]}. */
        record ZooKeeper(String connect) implements Leases {}

        /** {@code backend: etcd, endpoints: [http://host:2379, ...]}. */
        record Etcd(List<URI> endpoints) implements Leases {}
    }
}
