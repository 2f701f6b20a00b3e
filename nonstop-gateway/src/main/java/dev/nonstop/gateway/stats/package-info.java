/**
 * Live per-member counters (in flight, open connections, requests, responses by class, latency)
 * and their Prometheus exposition. In-flight counts are exact: drains are verified by them.
 */
package dev.nonstop.gateway.stats;
