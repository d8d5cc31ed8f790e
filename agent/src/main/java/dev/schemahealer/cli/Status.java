package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.agent.Secrets;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What {@code status} found: the code's upgrades and each database's ledger, or why it could not be read. */
record Status(List<SchemaUpgrade> code, List<Status.Database> databases) {

    /**
     * One database, or one tenant schema/database of a {@code --schemas}/{@code --databases} URL.
     *
     * @param scope     the tenant's schema (PostgreSQL) or database (MySQL), {@code null} for the URL's own
     * @param reachable whether a connection could be made
     * @param error     why its ledger could not be read, {@code null} when it was
     * @param ledger    its ledger's entries by id; empty when it has none yet
     */
    record Database(String url, Dialect dialect, String scope, boolean reachable, String error,
                    Map<String, Ledger.Entry> ledger) {

        static Database read(String url, Dialect dialect, String scope, Map<String, Ledger.Entry> ledger) {
            return new Database(Secrets.maskUrl(url), dialect, scope, true, null, ledger);
        }

        static Database failed(String url, String scope, boolean reachable, String error) {
            return new Database(Secrets.maskUrl(url), null, scope, reachable, error, Map.of());
        }

        boolean ok() {
            return error == null;
        }

        /** The tenant's name, else the URL. */
        String name() {
            return scope == null ? url : scope;
        }

        /** The URL, and the tenant if any: what every line about this database starts with. */
        String label() {
            return scope == null ? url : url + (dialect == Dialect.POSTGRESQL ? " schema " : " database ") + scope;
        }
    }

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
            if (databases.stream().allMatch(d -> d.ok() && d.ledger().containsKey(u.id()))) {
                ids.add(u.id());
            }
        }
        return ids;
    }

    /** The code's upgrades {@code d} lacks, in id order; {@code null} when its ledger could not be read. */
    List<String> pending(Database d) {
        if (!d.ok()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        code.forEach(u -> {
            if (!d.ledger().containsKey(u.id())) {
                ids.add(u.id());
            }
        });
        return ids;
    }

    /** The readable databases that lack {@code id}. */
    List<Database> lacking(String id) {
        return databases.stream().filter(d -> d.ok() && !d.ledger().containsKey(id)).toList();
    }

    List<Database> failed() {
        return databases.stream().filter(d -> !d.ok()).toList();
    }

    long current() {
        return databases.stream().filter(d -> d.ok() && pending(d).isEmpty()).count();
    }

    ExitCode exitCode() {
        if (!failed().isEmpty()) {
            return ExitCode.FAILED;
        }
        return current() == databases.size() ? ExitCode.OK : ExitCode.PENDING;
    }

    String description(String id) {
        for (SchemaUpgrade u : code) {
            if (u.id().equals(id)) {
                return u.description();
            }
        }
        for (Database d : databases) {
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
