package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void defaults() {
        AgentOptions o = AgentOptions.defaults();
        assertEquals(AgentOptions.Mode.HEAL, o.mode());
        assertEquals("schemahealer_history", o.ledgerTable());
        assertEquals(Duration.ofSeconds(30), o.lockWait());
        assertEquals(Duration.ofSeconds(1), o.ddlLockTimeout());
        assertNull(o.ddlUser());
        assertTrue(o.upgrades().isEmpty());
    }

    @Test
    void agentArgumentsWinOverSystemPropertiesWhichWinOverTheEnvironment() {
        Properties sys = new Properties();
        sys.setProperty("schemahealer.mode", "observe");
        sys.setProperty("schemahealer.lock.wait", "5s");
        Map<String, String> env = Map.of("SCHEMAHEALER_MODE", "off", "SCHEMAHEALER_LOCK_WAIT", "7s",
                "SCHEMAHEALER_DDL_LOCKTIMEOUT", "250ms", "SCHEMAHEALER_LEDGER_TABLE", "heal_log");
        AgentOptions o = AgentOptions.parse("lock.wait=2m", sys, env);
        assertEquals(AgentOptions.Mode.OBSERVE, o.mode());
        assertEquals(Duration.ofMinutes(2), o.lockWait());
        assertEquals(Duration.ofMillis(250), o.ddlLockTimeout());
        assertEquals("heal_log", o.ledgerTable());
    }

    @Test
    void badOptionsSayWhatIsWrongAndWhatIsAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("mode=fix", new Properties(), Map.of()));
        assertEquals("agent option mode=fix is invalid: expected heal, observe or off", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("lock.wait=soon", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("lock.wait=soon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("lockwait=1s", new Properties(), Map.of()));
        assertTrue(e.getMessage().startsWith("unknown agent option 'lockwait'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("upgrades=/no/such/dir", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("ledger.table=x;drop", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("ledger.table"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("ddl.lockTimeout=0s", new Properties(), Map.of()));
    }

    @Test
    void aSchemaQualifiedLedgerIsRefusedAtStartWithOneClearLine() {
        // One table for every tenant schema would record tenant A's upgrades as tenant B's.
        var e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ledger.table=ops.heal_log", new Properties(), Map.of()));
        assertTrue(e.getMessage().startsWith("agent option ledger.table=ops.heal_log is invalid: expected an unqualified"
                + " table name"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void ddlUrlIsAJdbcUrlAndItsPasswordIsMasked() {
        AgentOptions o = AgentOptions.parse(null, new Properties(),
                Map.of("SCHEMAHEALER_DDL_URL", "jdbc:postgresql://primary:5432/app?password=pw1"));
        assertEquals("jdbc:postgresql://primary:5432/app?password=pw1", o.ddlUrl());
        assertTrue(o.toString().contains("ddl.url=jdbc:postgresql://primary:5432/app?password=****"), o.toString());
        assertNull(AgentOptions.defaults().ddlUrl());
        var e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ddl.url=primary:5432", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("ddl.url"), e.getMessage());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        AgentOptions o = AgentOptions.parse("ddl.user=migrator,ddl.password=s3cret", new Properties(), Map.of());
        assertEquals("s3cret", o.ddlPassword());
        assertTrue(o.toString().contains("ddl.password=****"));
        assertTrue(!o.toString().contains("s3cret"));
    }

    @Test
    void secretsAreMaskedInUrls() {
        assertEquals("jdbc:postgresql://db/app?user=a&password=****&ssl=true",
                Secrets.maskUrl("jdbc:postgresql://db/app?user=a&password=hunter2&ssl=true"));
        assertEquals("jdbc:mysql://app:****@db:3306/shop", Secrets.maskUrl("jdbc:mysql://app:hunter2@db:3306/shop"));
    }
}
