/**
 * The multi-host setup: {@code nonstop controller} (several may share one PostgreSQL store and
 * take over each other's releases) and {@code nonstop agent} (one per host).
 */
package dev.nonstop.cli.controller;
