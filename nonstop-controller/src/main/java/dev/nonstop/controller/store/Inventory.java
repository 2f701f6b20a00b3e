package dev.nonstop.controller.store;

import dev.nonstop.controller.release.spec.AppSettings;
import dev.nonstop.controller.release.spec.AppSettingsJson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Apps and instances. */
final class Inventory {

    private static final String INSTANCE_COLUMNS =
            "id, app, host, port, version, state, gateway_member_id, created_at, updated_at";

    private final Jdbc jdbc;

    Inventory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    RegisteredApp createApp(String name, AppSettings settings) {
        return jdbc.inTransaction("create app " + name, c -> {
            Jdbc.update(c, "INSERT INTO nonstop_apps (name, settings) VALUES (?, ?)", s -> {
                s.setString(1, name);
                s.setString(2, AppSettingsJson.toJson(settings));
            });
            return app(c, name).orElseThrow();
        });
    }

    RegisteredApp updateAppSettings(String name, AppSettings settings) {
        return jdbc.inTransaction("update the settings of app " + name, c -> {
            int updated = Jdbc.update(c, "UPDATE nonstop_apps SET settings = ? WHERE name = ?", s -> {
                s.setString(1, AppSettingsJson.toJson(settings));
                s.setString(2, name);
            });
            if (updated == 0) {
                throw new NotFoundException("app", name);
            }
            return app(c, name).orElseThrow();
        });
    }

    Optional<RegisteredApp> app(String name) {
        return jdbc.inTransaction("read app " + name, c -> app(c, name));
    }

    List<RegisteredApp> apps() {
        return jdbc.inTransaction(
                "list apps",
                c -> Jdbc.query(
                        c,
                        "SELECT name, created_at, settings FROM nonstop_apps ORDER BY name",
                        s -> {},
                        Inventory::app));
    }

    static Optional<RegisteredApp> app(Connection c, String name) throws SQLException {
        return Jdbc.queryOne(
                c,
                "SELECT name, created_at, settings FROM nonstop_apps WHERE name = ?",
                s -> s.setString(1, name),
                Inventory::app);
    }

    Instance createInstance(NewInstance instance) {
        return jdbc.inTransaction("create instance " + instance.id(), c -> {
            if (app(c, instance.app()).isEmpty()) {
                throw new NotFoundException("app", instance.app());
            }
            Jdbc.update(
                    c,
                    "INSERT INTO nonstop_instances (id, app, host, port, version, state, gateway_member_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, instance.id());
                        s.setString(2, instance.app());
                        s.setString(3, instance.host());
                        s.setInt(4, instance.port());
                        s.setString(5, instance.version());
                        s.setString(6, instance.state().name());
                        s.setString(7, instance.gatewayMemberId().orElse(null));
                    });
            return instance(c, instance.id()).orElseThrow();
        });
    }

    Optional<Instance> instance(String id) {
        return jdbc.inTransaction("read instance " + id, c -> instance(c, id));
    }

    List<Instance> instances(String app) {
        return jdbc.inTransaction(
                "list instances of " + app,
                c -> Jdbc.query(
                        c,
                        "SELECT " + INSTANCE_COLUMNS + " FROM nonstop_instances WHERE app = ? ORDER BY id",
                        s -> s.setString(1, app),
                        Inventory::instance));
    }

    /** Replaces the mutable fields (version, state, gateway member id); when {@code fence} is set, fenced. */
    Instance updateInstance(Instance changed, ReleaseFence fence) {
        return jdbc.inTransaction("update instance " + changed.id(), c -> {
            if (fence != null) {
                Releases.touchFenced(c, fence);
            }
            int updated = Jdbc.update(
                    c,
                    "UPDATE nonstop_instances SET version = ?, state = ?, gateway_member_id = ?,"
                            + " updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                    s -> {
                        s.setString(1, changed.version());
                        s.setString(2, changed.state().name());
                        s.setString(3, changed.gatewayMemberId().orElse(null));
                        s.setString(4, changed.id());
                    });
            if (updated == 0) {
                throw new NotFoundException("instance", changed.id());
            }
            return instance(c, changed.id()).orElseThrow();
        });
    }

    private static Optional<Instance> instance(Connection c, String id) throws SQLException {
        return Jdbc.queryOne(
                c,
                "SELECT " + INSTANCE_COLUMNS + " FROM nonstop_instances WHERE id = ?",
                s -> s.setString(1, id),
                Inventory::instance);
    }

    private static RegisteredApp app(ResultSet row) throws SQLException {
        return new RegisteredApp(
                row.getString("name"),
                Jdbc.instant(row, "created_at"),
                AppSettingsJson.fromJson(row.getString("settings")));
    }

    private static Instance instance(ResultSet row) throws SQLException {
        return new Instance(
                row.getString("id"),
                row.getString("app"),
                row.getString("host"),
                row.getInt("port"),
                row.getString("version"),
                RecordedInstanceState.valueOf(row.getString("state")),
                Optional.ofNullable(row.getString("gateway_member_id")),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "updated_at"));
    }
}
