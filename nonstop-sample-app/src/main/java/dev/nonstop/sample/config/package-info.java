/**
 * The sample app's configuration: environment variables, each overridable by a
 * {@code --KEY=value} argument ({@code --port=8080} and {@code --PORT=8080} are the same).
 *
 * <p>{@link dev.nonstop.sample.config.SampleConfigParser} turns them into a validated
 * {@link dev.nonstop.sample.config.SampleConfig}; a bad value is a
 * {@link dev.nonstop.sample.config.ConfigException} whose message names the variable, the value and
 * what was expected, for example {@code PORT: 70000 (expected: a port 1-65535, or 0 for an
 * ephemeral port)}. The app prints it on stderr and exits with status 2.
 */
package dev.nonstop.sample.config;
