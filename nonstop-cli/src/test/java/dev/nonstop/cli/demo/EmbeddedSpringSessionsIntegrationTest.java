package dev.nonstop.cli.demo;

import dev.nonstop.cli.up.SessionStoreConfig;

/** Sessions in the store {@code nonstop up} offers by default: nothing configured anywhere. */
class EmbeddedSpringSessionsIntegrationTest extends SpringSessionsReleaseContract {
    @Override
    SessionStoreConfig sessions() {
        return SessionStoreConfig.embedded();
    }
}
