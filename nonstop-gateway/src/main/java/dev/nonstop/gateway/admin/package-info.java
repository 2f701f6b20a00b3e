/**
 * The gateway's admin API: a small HTTP/JSON server, on its own event loop and port (loopback by
 * default), that shows and changes the routing table in force and serves per-member counters and
 * Prometheus metrics. Every call needs {@code Authorization: Bearer <token>}; see {@link
 * dev.nonstop.gateway.admin.AdminToken} for where the token comes from and {@link
 * dev.nonstop.gateway.admin.AdminServer} for the endpoints.
 *
 * <p>The table travels in the shape of the config file ({@link
 * dev.nonstop.gateway.contract.TableJson}), so {@code GET /admin/table}, edit, {@code PUT
 * /admin/table} works. The {@code version} in the body (or an {@code If-Match: <version>} header)
 * makes the replacement conditional: it fails with 409 when someone changed the table meanwhile.
 */
package dev.nonstop.gateway.admin;
