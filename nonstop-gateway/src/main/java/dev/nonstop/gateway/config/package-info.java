/**
 * The gateway's static configuration in YAML, and the JSON/YAML shape of a routing table.
 *
 * <p>{@link dev.nonstop.gateway.config.GatewayConfigLoader} reads a file into a {@link
 * dev.nonstop.gateway.config.GatewayConfig}: proxy settings, admin settings and the initial routing table, with the
 * config toolkit of {@code dev.nonstop.common.config}. It never stops at the first mistake: a {@link
 * dev.nonstop.common.config.ConfigException} names every problem with the path of the field and what was expected,
 * for example {@code apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)}.
 *
 * <p>{@link dev.nonstop.gateway.config.TableJson} maps a routing table to and from the same {@code
 * version}/{@code apps}/{@code routes} shape the config file uses, so the admin API serves and
 * accepts exactly what an operator writes in the file. An annotated example ships as {@code
 * example-gateway.yaml} next to these classes.
 */
package dev.nonstop.gateway.config;
