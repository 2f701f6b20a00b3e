/**
 * Requests the release runner sends straight to an instance's {@code host:port}, never through a
 * gateway, on {@code java.net.http} with bounded timeouts: {@link
 * dev.nonstop.controller.client.AppProbe} for readiness, smoke checks, {@code /nonstop/status} and
 * {@code /nonstop/drain}. The gateways' admin API and the agents have their own typed clients in
 * their contract modules ({@code nonstop-gateway-api}, {@code nonstop-agent-api}).
 */
package dev.nonstop.controller.client;
