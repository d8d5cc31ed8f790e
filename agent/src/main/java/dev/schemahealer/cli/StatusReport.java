package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.upgrades.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link Status} for a person (a table, or a summary for many tenants) and for a program (JSON). */
final class StatusReport {

    /** Up to this many databases, every database is listed under every upgrade; beyond, a summary. */
    static final int DETAILED = 10;
    /** Names listed in a summary line before "...". */
    private static final int NAMES = 10;

    private StatusReport() {
    }

    static String text(Status s) {
        StringBuilder sb = new StringBuilder();
        List<Status.Database> dbs = s.databases();
        boolean detailed = dbs.size() <= DETAILED;
        sb.append("schemahealer status: ").append(count(s.code().size(), "upgrade")).append(" in the code, ")
                .append(count(dbs.size(), noun(s))).append('\n');
        for (int i = 0; i < dbs.size(); i++) {
            Status.Database d = dbs.get(i);
            if (!d.ok()) {
                sb.append(String.format("  [%d] %s: %s: %s%n", i + 1, d.label(), d.reachable() ? "FAILED" : "UNREACHABLE",
                        d.error()));
            } else if (detailed) {
                int pending = s.pending(d).size();
                sb.append(String.format("  [%d] %s: %d applied, %d pending%n", i + 1, d.label(),
                        s.code().size() - pending, pending));
            }
        }
        sb.append('\n');
        int width = Math.max(10, s.ids().stream().mapToInt(String::length).max().orElse(10));
        for (String id : s.ids()) {
            sb.append(String.format("  %-" + width + "s  %s%s%n", id, s.description(id),
                    s.inCode(id) ? "" : "  (not in the code: already deleted)"));
            if (!detailed) {
                continue;
            }
            for (int i = 0; i < dbs.size(); i++) {
                Status.Database d = dbs.get(i);
                Ledger.Entry e = d.ledger().get(id);
                String state = !d.ok() ? "UNKNOWN (unreadable)" : e == null ? "PENDING"
                        : "applied " + e.appliedAt() + " by " + e.appliedBy() + ", trigger " + e.trigger() + ", "
                                + e.durationMs() + " ms";
                sb.append(String.format("  %-" + width + "s    [%d] %s%n", "", i + 1, state));
            }
        }
        sb.append('\n').append(summary(s, detailed)).append('\n');
        List<String> removable = s.removable();
        sb.append(removable.isEmpty()
                ? "Removable: none yet (no upgrade in the code is applied on every listed " + noun(s) + ")."
                : "Removable from the code (applied on every listed " + noun(s) + "): " + String.join(", ", removable))
                .append('\n');
        if (!s.failed().isEmpty()) {
            sb.append("Until every ").append(noun(s)).append(" can be read, no upgrade is removable.\n");
        }
        return sb.toString();
    }

    /** {@code 983 of 1,000 schemas current; 17 lack X: t_0012, ...; 1 unreadable: ...}. */
    static String summary(Status s, boolean byNumber) {
        List<Status.Database> dbs = s.databases();
        StringBuilder sb = new StringBuilder();
        sb.append(number(s.current())).append(" of ").append(count(dbs.size(), noun(s))).append(" current");
        for (String id : s.ids()) {
            if (!s.inCode(id)) {
                continue;
            }
            List<Status.Database> lacking = s.lacking(id);
            if (!lacking.isEmpty()) {
                sb.append("; ").append(number(lacking.size())).append(lacking.size() == 1 ? " lacks " : " lack ")
                        .append(id).append(": ").append(names(dbs, lacking, byNumber));
            }
        }
        List<Status.Database> failed = s.failed();
        if (!failed.isEmpty()) {
            sb.append("; ").append(number(failed.size())).append(" could not be read: ").append(names(dbs, failed, byNumber));
        }
        return sb.append('.').toString();
    }

    private static String names(List<Status.Database> all, List<Status.Database> some, boolean byNumber) {
        List<String> names = new ArrayList<>();
        for (Status.Database d : some) {
            if (names.size() == NAMES) {
                names.add("... (" + number(some.size() - NAMES) + " more)");
                break;
            }
            names.add(byNumber ? "[" + (all.indexOf(d) + 1) + "]" : d.name());
        }
        return String.join(", ", names);
    }

    private static String noun(Status s) {
        boolean schemas = !s.databases().isEmpty() && s.databases().stream()
                .allMatch(d -> d.scope() != null && d.dialect() == Dialect.POSTGRESQL);
        return schemas ? "schema" : "database";
    }

    private static String count(long n, String noun) {
        return number(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * One object per database ({@code url}, {@code schema}, {@code database}, {@code reachable},
     * {@code error}, {@code applied} with when/by/trigger, {@code pending}), one per upgrade, and
     * {@code removable}. Every key is always present; a value that does not apply is {@code null}.
     */
    static String json(Status s) {
        StringBuilder sb = new StringBuilder("{\n  \"result\": ")
                .append(Json.string(s.exitCode().name().toLowerCase(Locale.ROOT)))
                .append(",\n  \"exitCode\": ").append(s.exitCode().code).append(",\n  \"databases\": [");
        List<Status.Database> dbs = s.databases();
        for (int i = 0; i < dbs.size(); i++) {
            Status.Database d = dbs.get(i);
            boolean pg = d.dialect() == Dialect.POSTGRESQL;
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"url\": ").append(Json.string(d.url()))
                    .append(", \"schema\": ").append(Json.string(pg ? d.scope() : null))
                    .append(", \"database\": ").append(Json.string(pg ? null : d.scope()))
                    .append(", \"reachable\": ").append(d.reachable())
                    .append(", \"error\": ").append(Json.string(d.error()))
                    .append(", \"applied\": [");
            int n = 0;
            for (Ledger.Entry e : d.ledger().values()) {
                sb.append(n++ == 0 ? "" : ", ").append("{\"id\": ").append(Json.string(e.upgradeId()))
                        .append(", \"at\": ").append(Json.string(e.appliedAt() == null ? null : e.appliedAt().toString()))
                        .append(", \"by\": ").append(Json.string(e.appliedBy()))
                        .append(", \"trigger\": ").append(Json.string(e.trigger()))
                        .append(", \"durationMs\": ").append(e.durationMs()).append('}');
            }
            sb.append("], \"pending\": ").append(Json.strings(s.pending(d))).append('}');
        }
        sb.append("\n  ],\n  \"upgrades\": [");
        List<String> ids = s.ids();
        for (int n = 0; n < ids.size(); n++) {
            String id = ids.get(n);
            long applied = dbs.stream().filter(d -> d.ledger().containsKey(id)).count();
            sb.append(n == 0 ? "\n" : ",\n").append("    {\"id\": ").append(Json.string(id))
                    .append(", \"description\": ").append(Json.string(s.description(id)))
                    .append(", \"inCode\": ").append(s.inCode(id))
                    .append(", \"appliedOn\": ").append(applied)
                    .append(", \"pendingOn\": ").append(s.inCode(id) ? s.lacking(id).size() : 0).append('}');
        }
        sb.append("\n  ],\n  \"removable\": ").append(Json.strings(s.removable()));
        return sb.append("\n}\n").toString();
    }
}
