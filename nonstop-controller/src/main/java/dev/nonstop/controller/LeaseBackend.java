package dev.nonstop.controller;

import dev.nonstop.coordination.jdbc.JdbcLeaseStore;
import dev.nonstop.coordination.spi.LeaseStore;
import javax.sql.DataSource;

/**
 * Where a {@link Controller} keeps its release leases. The default, {@link #storeDatabase()}, is the
 * controller store's own database; Redis, ZooKeeper and etcd stores live in their own modules
 * ({@code nonstop-coordination-redis}, {@code -zookeeper}, {@code -etcd}), so whoever assembles the
 * controller (the CLI) opens one of those here, and this module never depends on their clients.
 */
@FunctionalInterface
public interface LeaseBackend {

    /**
     * Opens the lease store. The controller owns what is returned: its lock service closes it on
     * {@link Controller#close()}, so a store built on a client of its own must close that client too.
     *
     * @param storeDatabase the controller store's database, for a backend that keeps leases there
     * @throws dev.nonstop.coordination.CoordinationStoreException when the backend cannot be reached
     */
    LeaseStore open(DataSource storeDatabase);

    /** Leases in the controller store's database (table {@code nonstop_lease}): nothing more to run. */
    static LeaseBackend storeDatabase() {
        return database -> JdbcLeaseStore.builder(database).build();
    }
}
