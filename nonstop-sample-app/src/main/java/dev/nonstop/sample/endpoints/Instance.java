package dev.nonstop.sample.endpoints;

import dev.nonstop.sample.AppVersion;
import java.util.Objects;

/**
 * Who answers: the instance id and the version, as the JSON answers report them.
 *
 * @param id the instance id ({@code NONSTOP_INSTANCE_ID})
 * @param version the build
 */
public record Instance(String id, AppVersion version) {

    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }
}
