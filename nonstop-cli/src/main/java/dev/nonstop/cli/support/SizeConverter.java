package dev.nonstop.cli.support;

import dev.nonstop.common.config.ConfigValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one way a {@code nonstop} option reads a size in bytes: the grammar of config files ({@link
 * ConfigValues#parseSize}: {@code 512}, {@code 10KB}, {@code 512MB}, {@code 2GB}, powers of 1024). Use it as
 * {@code @Option(converter = SizeConverter.class)}; a value it refuses is a usage error that {@link CommandErrors}
 * prints as {@code --max-artifact-size: big (expected: a size like 512, 10KB or 10MB)}.
 */
public final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return ConfigValues.parseSize(value)
                .orElseThrow(
                        () -> new TypeConversionException(value + " (expected: " + ConfigValues.SIZE_FORMAT + ")"));
    }
}
