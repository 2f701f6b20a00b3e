/** {@code nonstop drain} and {@code undrain}: one instance out of and back into rotation at the gateway. */
package dev.nonstop.cli.member;
