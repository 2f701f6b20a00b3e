/**
 * The gateway's admin API: a small HTTP/JSON server, on its own event loop and port (loopback by
 * default), that shows and changes the routing table in force and serves per-member counters and
 * Prometheus metrics. Every call needs {@code Authorization: Bearer <token>}; see {@link
 * dev.nonstop.gateway.admin.AdminServer} for where the token comes from and for the endpoints. The HTTP
 * server itself is the control-plane kit's ({@link dev.nonstop.common.http.ControlApiServer}).
 *
 * <p>The table travels in the shape of the config file ({@link
 * dev.nonstop.gateway.contract.TableJson}), so {@code GET /admin/table}, edit, {@code PUT
 * /admin/table} works. The {@code version} in the body (or an {@code If-Match: <version>} header)
 * makes the replacement conditional: it fails with 409 when someone changed the table meanwhile.
 *
 * <p>The API is described by {@code openapi/gateway-admin.yaml} on the classpath, checked against the routes both
 * ways. Inside, {@link dev.nonstop.gateway.admin.AdminApiHandler} checks a mutation's fencing token ({@link
 * dev.nonstop.gateway.admin.AdminFencing}) and routes it through {@link dev.nonstop.gateway.admin.AdminRoutes}, the
 * declared table of endpoints, to {@link dev.nonstop.gateway.admin.TableEndpoints}, {@link
 * dev.nonstop.gateway.admin.MemberEndpoints} or {@link dev.nonstop.gateway.admin.StatsEndpoints}; {@link
 * dev.nonstop.gateway.admin.AdminCall} reads a request for them.
 */
package dev.nonstop.gateway.admin;
