package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

    @Test
    void oncePerKeyWithinTheInterval() {
        LogLimiter limiter = new LogLimiter(Duration.ofHours(1).toNanos());
        assertTrue(limiter.shouldLog("a"));
        assertFalse(limiter.shouldLog("a"));
        assertTrue(limiter.shouldLog("b"), "each key has its own interval");
    }

    @Test
    void againOnceTheIntervalPassed() {
        LogLimiter limiter = new LogLimiter(0);
        assertTrue(limiter.shouldLog("a"));
        assertTrue(limiter.shouldLog("a"));
    }

    @Test
    void durationsHaveOneSyntaxAndFormatBackIntoIt() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms", Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(30), Durations.parse(" 30s", Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2M", Duration.ofHours(1)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("30s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("60m", Durations.format(Duration.ofHours(1)));
    }
}
