package dev.schemahealer.cli;

import dev.schemahealer.agent.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The agent's duration syntax ({@code 500ms}, {@code 30s}, {@code 2m}) for command line options. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, Duration.ofHours(1));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
    }
}
