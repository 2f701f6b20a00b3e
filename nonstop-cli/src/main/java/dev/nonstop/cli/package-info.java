/**
 * The {@code nonstop} command line: {@link dev.nonstop.cli.NonstopCommand} and one class per
 * subcommand ({@code nonstop gateway --config FILE} runs a gateway). Data goes to stdout, errors
 * to stderr; exit codes ({@link dev.nonstop.cli.ExitCodes}): 0 done, 1 failed while running, 2 bad usage or config.
 */
package dev.nonstop.cli;
