/**
 * What every {@code nonstop} command shares, so that they speak one dialect: {@link
 * dev.nonstop.cli.support.DurationConverter} (the one duration grammar for options, the config files' and the
 * controller's), {@link dev.nonstop.cli.support.CommandErrors} (bad usage is one line naming the option and what it
 * expects, exit 2), {@link dev.nonstop.cli.support.InvalidOptionException} (what a command throws for such a value)
 * and {@link dev.nonstop.cli.support.LogOptions} ({@code --verbose} and {@code --log-file}: the logs of {@code demo}
 * and {@code up} in a file the command names, not between its progress lines).
 */
package dev.nonstop.cli.support;
