package dev.nonstop.cli.support;

import dev.nonstop.common.config.ConfigValues;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one way a {@code nonstop} option reads a duration: the grammar of config files and of the controller
 * ({@link ConfigValues#parseDuration}: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601
 * {@code PT30S}), never negative. Use it as {@code @Option(converter = DurationConverter.class)}; a value it refuses
 * is a usage error that {@link CommandErrors} prints as {@code --deadline: soon (expected: a duration like 500ms, 2s,
 * 1m or PT2S)}. Options that need more than {@code >= 0} check it with {@link #requirePositive}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration duration = ConfigValues.parseDuration(value)
                .orElseThrow(
                        () -> new TypeConversionException(value + " (expected: " + ConfigValues.DURATION_FORMAT + ")"));
        if (duration.isNegative()) {
            throw new TypeConversionException(value + " (expected: >= 0)");
        }
        return duration;
    }

    /**
     * {@code value} when it is longer than zero.
     *
     * @throws InvalidOptionException {@code --deadline: 0s (expected: > 0)} otherwise
     */
    public static Duration requirePositive(String option, Duration value) {
        if (!value.isPositive()) {
            throw new InvalidOptionException(option, ConfigValues.formatDuration(value), "> 0");
        }
        return value;
    }
}
