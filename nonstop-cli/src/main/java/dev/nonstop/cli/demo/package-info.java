/**
 * {@code nonstop demo}: the first thing a new user runs. Real processes, real load, a rolling
 * restart through the gateway, and a report of failed requests and latency.
 */
package dev.nonstop.cli.demo;
