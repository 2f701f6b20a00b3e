/**
 * The gateway's static configuration in YAML, and the JSON/YAML shape of a routing table.
 *
 * <p>{@link dev.nonstop.gateway.config.GatewayConfigLoader} reads a file into a {@link
 * dev.nonstop.gateway.config.GatewayConfig}: proxy settings, admin settings and the initial routing
 * table. It never stops at the first mistake: a {@link dev.nonstop.gateway.config.ConfigException}
 * names every problem with the path of the field and what was expected, for example {@code
 * apps[0].groups[0].members[1].port: 70000 (expected: 1-65535)}. Every config file (the gateway's, and the CLI's
 * {@code nonstop.yaml} and {@code controller.yaml}) is read by {@link dev.nonstop.gateway.config.ConfigFile}, which
 * names the file and why it cannot be used (missing, unreadable, not UTF-8 and where), and checked with a {@link
 * dev.nonstop.gateway.config.FieldReader}: a value of the wrong shape (a map where a string belongs, a list where a
 * map does) is a problem at its path, never quietly turned into something else.
 *
 * <p>{@link dev.nonstop.gateway.config.TableJson} maps a routing table to and from the same {@code
 * version}/{@code apps}/{@code routes} shape the config file uses, so the admin API serves and
 * accepts exactly what an operator writes in the file. Durations are written {@code 500ms}, {@code
 * 2s}, {@code 1m} (or ISO {@code PT2S}) and sizes {@code 512}, {@code 10KB}, {@code 10MB} (see
 * {@link dev.nonstop.gateway.config.ConfigValues}). An annotated example ships as {@code
 * example-gateway.yaml} next to these classes.
 */
package dev.nonstop.gateway.config;
