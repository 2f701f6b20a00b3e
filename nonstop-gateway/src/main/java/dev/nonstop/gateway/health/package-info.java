/**
 * Active health checks (HTTP path, interval, rise and fall thresholds) and the probe that brings
 * members ejected by passive checks (consecutive connect failures) back into rotation.
 */
package dev.nonstop.gateway.health;
