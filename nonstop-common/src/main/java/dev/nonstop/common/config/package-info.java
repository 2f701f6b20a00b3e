/**
 * The config toolkit every Nonstop process reads its files and request bodies with.
 *
 * <p>{@link dev.nonstop.common.config.ConfigFile} reads a file and names why it cannot be used (missing, unreadable,
 * not UTF-8 and where); {@link dev.nonstop.common.config.TreeParser} parses YAML or JSON into a tree with positions;
 * {@link dev.nonstop.common.config.FieldReader} reads typed fields out of it and collects a {@link
 * dev.nonstop.common.problem.Problem} for every field that is missing, of the wrong shape or unknown, instead of
 * stopping at the first; {@link dev.nonstop.common.config.ConfigException} carries them all. Durations are written
 * {@code 500ms}, {@code 2s}, {@code 1m} (or ISO {@code PT2S}) and sizes {@code 512}, {@code 10KB}, {@code 10MB} (see
 * {@link dev.nonstop.common.config.ConfigValues}).
 */
package dev.nonstop.common.config;
