package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.SchemaScript;
import dev.schemahealer.testing.CatalogSnapshot;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the demo proves at the end, each a line that says what was checked and whether it held. */
final class Checks {

    /** One check's outcome. */
    record Check(boolean passed, String text) {
    }

    private static final Pattern APPLIED = Pattern.compile("applied upgrade (\\S+)");

    private final List<Check> checks = new ArrayList<>();

    List<Check> all() {
        return List.copyOf(checks);
    }

    boolean allPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    void noRequestFailed(Traffic traffic) {
        long failed = traffic.failed();
        add(failed == 0, failed == 0
                ? "no request failed (" + traffic.ok() + " served)"
                : failed + " of " + (traffic.ok() + failed) + " requests failed");
    }

    /**
     * Each upgrade the code registers is in the ledger exactly once, and the service's log shows no
     * upgrade applied twice (by two threads or two instances).
     */
    void everyUpgradeAppliedOnce(List<SchemaUpgrade> registered, List<LedgerReader.Entry> ledger, List<String> appliedLines) {
        Map<String, Integer> inLedger = new HashMap<>();
        ledger.forEach(e -> inLedger.merge(e.upgradeId(), 1, Integer::sum));
        Map<String, Integer> inLog = new HashMap<>();
        for (String line : appliedLines) {
            Matcher m = APPLIED.matcher(line);
            if (m.find()) {
                inLog.merge(m.group(1), 1, Integer::sum);
            }
        }
        List<String> problems = new ArrayList<>();
        for (SchemaUpgrade u : registered) {
            int rows = inLedger.getOrDefault(u.id(), 0);
            int logged = inLog.getOrDefault(u.id(), 0);
            if (rows != 1) {
                problems.add(u.id() + (rows == 0 ? " was never applied" : " has " + rows + " ledger rows"));
            } else if (logged > 1) {
                problems.add(u.id() + " was applied " + logged + " times according to the service's log");
            }
        }
        add(problems.isEmpty(), problems.isEmpty()
                ? "every upgrade applied exactly once (" + registered.size() + "/" + registered.size() + " in the ledger)"
                : "upgrades not applied exactly once: " + String.join("; ", problems));
    }

    /** The database holds exactly the writes the service accepted: none lost, none doubled. */
    void writesMatch(Connection c, Traffic traffic) throws SQLException {
        List<String> problems = new ArrayList<>();
        compare(problems, "customers", count(c, "customers") - Seeder.CUSTOMERS, traffic.customersCreated());
        compare(problems, "orders", count(c, "orders") - Seeder.ORDERS, traffic.ordersPlaced());
        compare(problems, "order_lines", count(c, "order_lines"), traffic.linesWritten());
        compare(problems, "customer_events", count(c, "customer_events"), traffic.eventsWritten());
        String accepted = traffic.customersCreated() + " customers, " + traffic.ordersPlaced() + " orders with "
                + traffic.linesWritten() + " lines, " + traffic.eventsWritten() + " events";
        add(problems.isEmpty(), problems.isEmpty()
                ? "every accepted write is in the database exactly once (" + accepted + ")"
                : "the database does not match the accepted writes: " + String.join("; ", problems));
    }

    /** The healed schema is the one a fresh release-2 install creates. */
    void schemaIsRelease2(DemoDatabase db) throws SQLException {
        CatalogSnapshot healed;
        try (Connection c = db.connect()) {
            // Only a healed database has a ledger.
            healed = CatalogSnapshot.takeCurrentSchema(c).without("schemahealer_history").portable();
        }
        CatalogSnapshot fresh;
        try (DemoDatabase.Scratch scratch = db.scratch(); Connection c = scratch.connect()) {
            SchemaScript.RELEASE_2.run(c, db.dialect());
            fresh = CatalogSnapshot.takeCurrentSchema(c).portable();
        }
        List<String> diff = fresh.diff(healed);
        add(diff.isEmpty(), diff.isEmpty()
                ? "the healed schema equals a fresh release-2 install (" + healed.lines().size()
                        + " tables, columns, indexes, constraints)"
                : "the healed schema differs from a fresh release-2 install (- missing, + extra):\n        "
                        + String.join("\n        ", diff));
    }

    private void add(boolean passed, String text) {
        checks.add(new Check(passed, text));
    }

    private static void compare(List<String> problems, String table, long inDatabase, long accepted) {
        if (inDatabase != accepted) {
            problems.add(table + ": " + inDatabase + " new rows, " + accepted + " accepted");
        }
    }

    /** Rows in {@code table}; 0 when it does not exist (no request ever needed it). */
    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146) {
                return 0;
            }
            throw e;
        }
    }
}
