/**
 * Choosing a member for a request: weighted round-robin and least-in-flight (power of two
 * choices). Only ACTIVE, healthy members with a weight are chosen; sticky sessions are resolved
 * before a balancer is asked.
 */
package dev.nonstop.gateway.balancing;
