package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show which upgrades each database has applied, which are pending, and which can be removed"
                + " from the code.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--json", description = "Print JSON: one object per database, one per upgrade, and the removable ones.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Status status = read(db, db.upgrades(), err);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? StatusReport.json(status) : StatusReport.text(status));
        out.flush();
        err.flush();
        return status.exitCode().code;
    }

    /** Every database of every {@code --url}; one that cannot be read is reported, never hides the others. */
    static Status read(DatabaseOptions db, List<SchemaUpgrade> code, PrintWriter err) {
        List<Status.Database> databases = new ArrayList<>();
        for (String url : db.urls) {
            Connection c;
            try {
                c = db.connect(url);
            } catch (UsageError e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                databases.add(Status.Database.failed(url, null, false, db.failure(url, null, e, err)));
                continue;
            }
            try (c) {
                databases.addAll(read(db, url, c));
            } catch (UsageError e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                databases.add(Status.Database.failed(url, null, true, db.failure(url, null, e, err)));
            }
        }
        return new Status(code, databases);
    }

    /** The URL's own database, or each tenant the pattern selects, over the one connection {@code c}. */
    static List<Status.Database> read(DatabaseOptions db, String url, Connection c) throws SQLException {
        Dialect dialect = Dialect.of(c);
        Ledger ledger = new Ledger(db.ledgerTable);
        String pattern = db.pattern(dialect);
        if (pattern == null) {
            Map<String, Ledger.Entry> entries = ledger.exists(c, dialect) ? ledger.read(c, dialect) : new LinkedHashMap<>();
            return List.of(Status.Database.read(url, dialect, null, entries));
        }
        Map<String, Boolean> tenants = Tenants.list(c, dialect, pattern, db.ledgerTable);
        if (tenants.isEmpty()) {
            throw new SQLException("no " + (dialect == Dialect.POSTGRESQL ? "schema" : "database") + " matches "
                    + pattern);
        }
        List<String> withLedger = new ArrayList<>();
        tenants.forEach((name, has) -> {
            if (has) {
                withLedger.add(name);
            }
        });
        Map<String, Map<String, Ledger.Entry>> ledgers = ledger.readAll(c, dialect, withLedger);
        List<Status.Database> databases = new ArrayList<>(tenants.size());
        for (String tenant : tenants.keySet()) {
            databases.add(Status.Database.read(url, dialect, tenant, ledgers.getOrDefault(tenant, new LinkedHashMap<>())));
        }
        return databases;
    }
}
