package dev.nonstop.controller.store;

import java.util.UUID;

/** The contract on an in-memory H2 database, a new one per test. */
class H2MemoryControllerStoreIntegrationTest extends ControllerStoreContractTest {

    @Override
    protected ControllerStore openStore() {
        return ControllerStore.jdbc("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
