package dev.schemahealer.agent;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one duration syntax of the agent options and the command line: {@code 500ms}, {@code 30s}, {@code 5m}. */
public final class Durations {

    /** A bare number is seconds. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming what is expected, when {@code value} is no duration,
     *                                  is zero or is longer than {@code max}
     */
    public static Duration parse(String value, Duration max) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (d.isZero() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("expected more than 0 and at most " + format(max));
        }
        return d;
    }

    /** {@code 1500ms}, {@code 30s}, {@code 10m}: the shortest exact form in the same syntax. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
