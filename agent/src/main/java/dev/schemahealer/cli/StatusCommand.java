package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.agent.Secrets;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Each upgrade known to the code and to each database's ledger: applied where, when, by what
 * trigger; and which ones every listed database has applied, so they can be deleted from the code.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which upgrades each database has applied, and which can be removed from the code.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The state of one database. */
    record DatabaseStatus(String url, Map<String, Ledger.Entry> ledger) {
    }

    /** The typed result: the code's upgrades, each database's ledger, and what is removable. */
    record Status(List<SchemaUpgrade> code, List<DatabaseStatus> databases) {

        /** Ids known to the code or to any ledger, in id order. */
        List<String> ids() {
            TreeSet<String> ids = new TreeSet<>();
            code.forEach(u -> ids.add(u.id()));
            databases.forEach(d -> ids.addAll(d.ledger().keySet()));
            return new ArrayList<>(ids);
        }

        /** In the code, and applied on every listed database: safe to delete from the code. */
        List<String> removable() {
            List<String> ids = new ArrayList<>();
            for (SchemaUpgrade u : code) {
                if (databases.stream().allMatch(d -> d.ledger().containsKey(u.id()))) {
                    ids.add(u.id());
                }
            }
            return ids;
        }

        String description(String id) {
            for (SchemaUpgrade u : code) {
                if (u.id().equals(id)) {
                    return u.description();
                }
            }
            for (DatabaseStatus d : databases) {
                Ledger.Entry e = d.ledger().get(id);
                if (e != null) {
                    return e.description();
                }
            }
            return id;
        }

        boolean inCode(String id) {
            return code.stream().anyMatch(u -> u.id().equals(id));
        }
    }

    @Override
    public Integer call() throws SQLException {
        Status status = read();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(status) : toText(status));
        out.flush();
        return 0;
    }

    Status read() throws SQLException {
        List<SchemaUpgrade> code = db.upgrades();
        Ledger ledger = new Ledger(db.ledgerTable);
        List<DatabaseStatus> databases = new ArrayList<>();
        for (String url : db.urls) {
            try (Connection c = db.connect(url)) {
                Dialect dialect = Dialect.of(c);
                Map<String, Ledger.Entry> entries = ledger.exists(c, dialect) ? ledger.read(c, dialect) : new LinkedHashMap<>();
                databases.add(new DatabaseStatus(Secrets.maskUrl(url), entries));
            }
        }
        return new Status(code, databases);
    }

    static String toText(Status s) {
        StringBuilder sb = new StringBuilder();
        sb.append("schemahealer status: ").append(s.code().size()).append(" upgrade(s) in the code, ")
                .append(s.databases().size()).append(" database(s)\n");
        for (int i = 0; i < s.databases().size(); i++) {
            DatabaseStatus d = s.databases().get(i);
            long applied = s.code().stream().filter(u -> d.ledger().containsKey(u.id())).count();
            sb.append(String.format("  [%d] %s: %d applied, %d pending%n", i + 1, d.url(), applied, s.code().size() - applied));
        }
        sb.append('\n');
        int width = Math.max(10, s.ids().stream().mapToInt(String::length).max().orElse(10));
        for (String id : s.ids()) {
            sb.append(String.format("  %-" + width + "s  %s%s%n", id, s.description(id),
                    s.inCode(id) ? "" : "  (not in the code: already deleted)"));
            for (int i = 0; i < s.databases().size(); i++) {
                Ledger.Entry e = s.databases().get(i).ledger().get(id);
                sb.append(String.format("  %-" + width + "s    [%d] %s%n", "", i + 1, e == null ? "PENDING"
                        : "applied " + e.appliedAt() + " by " + e.appliedBy() + ", trigger " + e.trigger() + ", "
                                + e.durationMs() + " ms"));
            }
        }
        List<String> removable = s.removable();
        sb.append('\n').append(removable.isEmpty()
                ? "Removable: none yet (no upgrade in the code is applied on every listed database)."
                : "Removable from the code (applied on every listed database): " + String.join(", ", removable)).append('\n');
        return sb.toString();
    }

    static String toJson(Status s) {
        StringBuilder sb = new StringBuilder("{\n  \"databases\": [");
        for (int i = 0; i < s.databases().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Json.string(s.databases().get(i).url()));
        }
        sb.append("],\n  \"upgrades\": [");
        List<String> ids = s.ids();
        for (int n = 0; n < ids.size(); n++) {
            String id = ids.get(n);
            sb.append(n == 0 ? "\n" : ",\n").append("    {\"id\": ").append(Json.string(id))
                    .append(", \"description\": ").append(Json.string(s.description(id)))
                    .append(", \"inCode\": ").append(s.inCode(id)).append(", \"applied\": [");
            for (int i = 0; i < s.databases().size(); i++) {
                Ledger.Entry e = s.databases().get(i).ledger().get(id);
                sb.append(i == 0 ? "" : ", ");
                if (e == null) {
                    sb.append("null");
                } else {
                    sb.append("{\"at\": ").append(Json.string(String.valueOf(e.appliedAt())))
                            .append(", \"by\": ").append(Json.string(e.appliedBy()))
                            .append(", \"trigger\": ").append(Json.string(e.trigger()))
                            .append(", \"durationMs\": ").append(e.durationMs()).append('}');
                }
            }
            sb.append("]}");
        }
        sb.append("\n  ],\n  \"removable\": [");
        List<String> removable = s.removable();
        for (int i = 0; i < removable.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Json.string(removable.get(i)));
        }
        return sb.append("]\n}\n").toString();
    }
}
