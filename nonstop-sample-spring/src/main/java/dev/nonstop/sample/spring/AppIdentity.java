package dev.nonstop.sample.spring;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which version this jar is (from {@code sample-version.properties}, which each version's jar carries) and which
 * instance runs it (from {@code NONSTOP_INSTANCE_ID}, set by the Nonstop agent; {@code local} otherwise).
 */
@Component
public class AppIdentity {
    private final String version;
    private final String instance;

    public AppIdentity(
            @Value("${sample.version:dev}") String version, @Value("${NONSTOP_INSTANCE_ID:local}") String instance) {
        this.version = version;
        this.instance = instance;
    }

    public String version() {
        return version;
    }

    public String instance() {
        return instance;
    }
}
