package dev.schemahealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private static SchemaUpgrade upgrade(String id) {
        return new SchemaUpgrade() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void apply(UpgradeContext ctx) {
            }
        };
    }

    private static Map<String, Ledger.Entry> ledger(String... ids) {
        Map<String, Ledger.Entry> entries = new LinkedHashMap<>();
        for (String id : ids) {
            entries.put(id, new Ledger.Entry(id, id, Instant.parse("2026-11-01T10:00:00Z"), "host/1", "42703 column x", 5));
        }
        return entries;
    }

    @Test
    void aThousandTenantsAreSummarisedByName() {
        List<Status.Database> tenants = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String name = String.format("t_%04d", i);
            tenants.add(Status.Database.read("jdbc:postgresql://db/app", Dialect.POSTGRESQL, name,
                    i % 59 == 12 ? ledger("a") : ledger("a", "b")));
        }
        Status s = new Status(List.of(upgrade("a"), upgrade("b")), tenants);

        assertEquals(ExitCode.PENDING, s.exitCode());
        String text = StatusReport.text(s);
        assertTrue(text.contains("983 of 1,000 schemas current; 17 lack b: t_0012, t_0071, t_0130, t_0189, t_0248,"
                + " t_0307, t_0366, t_0425, t_0484, t_0543, ... (7 more)."), text);
        assertTrue(text.lines().count() < 20, "a summary, not a line per tenant:\n" + text);
        assertEquals(List.of("a"), s.removable());
    }

    @Test
    void anUnreadableDatabaseFailsTheStatusAndBlocksRemoval() {
        Status s = new Status(List.of(upgrade("a")), List.of(
                Status.Database.read("jdbc:mysql://db1/app", Dialect.MYSQL, null, ledger("a")),
                Status.Database.failed("jdbc:mysql://u:secret@db2/app", null, false, "Connection refused")));

        assertEquals(ExitCode.FAILED, s.exitCode());
        assertEquals(List.of(), s.removable());
        String json = StatusReport.json(s);
        assertTrue(json.contains("{\"url\": \"jdbc:mysql://u:****@db2/app\", \"schema\": null, \"database\": null,"
                + " \"reachable\": false, \"error\": \"Connection refused\", \"applied\": [], \"pending\": null}"), json);
        assertTrue(json.contains("{\"url\": \"jdbc:mysql://db1/app\", \"schema\": null, \"database\": null,"
                + " \"reachable\": true, \"error\": null, \"applied\": [{\"id\": \"a\", \"at\": \"2026-11-01T10:00:00Z\","
                + " \"by\": \"host/1\", \"trigger\": \"42703 column x\", \"durationMs\": 5}], \"pending\": []}"), json);
    }

    @Test
    void patternsAreGlobsWithEverythingElseLiteral() {
        assertEquals("t\\_%", Tenants.like("t_*"));
        assertEquals("a_b\\%", Tenants.like("a?b%"));
    }
}
