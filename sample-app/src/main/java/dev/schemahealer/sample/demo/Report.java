package dev.schemahealer.sample.demo;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's summary: what healed, when, triggered by what; how the requests fared. */
final class Report {

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void upgrades(List<LedgerReader.Entry> ledger, Map<String, SchemaUpgrade> registered, Instant trafficStart) {
        out.println("  Upgrades, from the ledger schemahealer_history, in the order they were applied:");
        if (ledger.isEmpty()) {
            out.println("    (none: the ledger is empty)");
            return;
        }
        // A ledger on MySQL can hold whole seconds only (a timestamp column without fractions, or a
        // driver that drops them): then say whole seconds, counted from the second the traffic started.
        boolean wholeSeconds = ledger.stream().allMatch(e -> e.appliedAt() == null || e.appliedAt().getNano() == 0);
        Instant zero = wholeSeconds ? trafficStart.truncatedTo(ChronoUnit.SECONDS) : trafficStart;
        out.printf("    %-7s %-45s %7s  %s%n", "when", "upgrade", "took", "what");
        for (LedgerReader.Entry e : ledger) {
            String when = e.appliedAt() == null ? "?" : seconds(Duration.between(zero, e.appliedAt()), wholeSeconds);
            out.printf("    %-7s %-45s %4d ms  %s%n", when, e.upgradeId(), e.durationMs(), e.description());
            out.printf("    %-7s   trigger: %s%s%n", "", e.trigger(), cause(e.trigger(), registered.get(e.upgradeId())));
        }
        out.println("    (when: seconds after the traffic started; by: " + ledger.get(0).appliedBy() + ")");
    }

    void requests(Traffic traffic, int threads, int seconds) {
        out.printf("  Requests (%d clients, %d s):%n", threads, seconds);
        out.printf("    %-40s %7s %7s %8s %9s%n", "request", "ok", "failed", "median", "slowest");
        for (RequestKind k : RequestKind.values()) {
            Traffic.Stats s = traffic.stats(k);
            out.printf("    %-40s %7d %7d %5d ms %6d ms%n", k.label, s.ok.get(), s.failed.get(), s.median(), s.slowest());
        }
        List<String> failures = traffic.failures();
        if (!failures.isEmpty()) {
            out.println("    first failures:");
            failures.forEach(f -> out.println("      " + f));
        }
    }

    void checks(Checks checks) {
        out.println("  Checks:");
        for (Checks.Check c : checks.all()) {
            out.println("    [" + (c.passed() ? " ok " : "FAIL") + "] " + c.text());
        }
    }

    /**
     * Which requests need the object the trigger names (any of them may have been first); and when
     * this upgrade does not heal that object itself, that it came along because upgrades apply in id order.
     */
    static String cause(String trigger, SchemaUpgrade upgrade) {
        Missed missed = Missed.parse(trigger);
        if (missed == null) {
            return "";
        }
        List<String> requests = new ArrayList<>();
        for (RequestKind k : RequestKind.values()) {
            if (k.needs(missed.kind, missed.name)) {
                requests.add(k.label.replaceAll("\\s+", " "));
            }
        }
        String who = requests.isEmpty() ? "" : ", from " + String.join(" or ", requests);
        boolean healsIt = upgrade != null && upgrade.heals().stream()
                .anyMatch(o -> o.kind() == missed.kind && o.name().equals(missed.name));
        if (upgrade != null && !healsIt) {
            return who + "; applied in the same heal because upgrades apply in id order";
        }
        return who;
    }

    /** The object a ledger trigger names: {@code "<code> <kind> [table.]name"}. */
    private record Missed(SchemaObject.Kind kind, String name) {
        static Missed parse(String trigger) {
            String[] parts = trigger == null ? new String[0] : trigger.trim().split("\\s+");
            if (parts.length < 3) {
                return null;
            }
            try {
                SchemaObject.Kind kind = SchemaObject.Kind.valueOf(parts[1].toUpperCase(Locale.ROOT));
                String object = parts[2];
                return new Missed(kind, object.substring(object.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    static String seconds(Duration d, boolean whole) {
        return whole
                ? String.format(Locale.ROOT, "%+ds", d.toSeconds())
                : String.format(Locale.ROOT, "%+.1fs", d.toMillis() / 1000.0);
    }
}
