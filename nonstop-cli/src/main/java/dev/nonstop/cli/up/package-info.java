/**
 * {@code nonstop up}: the embedded setup in one process (controller, gateway, local agent, H2
 * store), configured by {@code nonstop.yaml}.
 */
package dev.nonstop.cli.up;
