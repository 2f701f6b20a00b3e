/**
 * Fencing of controller mutations: the highest fencing token seen per release, and the refusal of
 * lower ones (the gateway admin API answers them with 409).
 */
package dev.nonstop.gateway.fencing;
