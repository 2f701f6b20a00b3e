/**
 * The gateway's static configuration in YAML.
 *
 * <p>{@link dev.nonstop.gateway.config.GatewayConfigLoader} reads a file into a {@link
 * dev.nonstop.gateway.config.GatewayConfig}: proxy settings, admin settings and the initial routing table, with the
 * config toolkit of {@code dev.nonstop.common.config}. It never stops at the first mistake: a {@link
 * dev.nonstop.common.config.ConfigException} names every problem with the path of the field and what was expected,
 * for example {@code apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)}.
 *
 * <p>The table part of the file is read by {@link dev.nonstop.gateway.contract.TableJson}
 * ({@code nonstop-gateway-api}), the same {@code version}/{@code apps}/{@code routes} shape the admin
 * API serves and accepts, so an operator edits one shape everywhere. An annotated example ships as
 * {@code example-gateway.yaml} next to these classes.
 */
package dev.nonstop.gateway.config;
