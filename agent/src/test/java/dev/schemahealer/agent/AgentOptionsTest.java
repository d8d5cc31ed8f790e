package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertEquals(Duration.ofSeconds(5), o.healWait());
        assertTrue(o.healAhead());
    }

    @Test
    void healWaitAndHealAhead() {
        AgentOptions o = AgentOptions.parse("heal.wait=750ms,heal.ahead=off", new Properties(), Map.of());
        assertEquals(Duration.ofMillis(750), o.healWait());
        assertTrue(!o.healAhead());
        var e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("heal.ahead=yes", new Properties(), Map.of()));
        assertEquals("agent option heal.ahead=yes is invalid: expected on or off", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("heal.wait=2m", new Properties(), Map.of()));
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

    @Test
    void theDdlPasswordComesFromAnEnvironmentVariableOrAFileNeverShown(@TempDir Path dir) throws IOException {
        AgentOptions fromEnv = AgentOptions.parse("ddl.user=migrator,ddl.passwordEnv=DDL_PW", new Properties(),
                Map.of("DDL_PW", "s3,cr@t"));
        assertEquals("s3,cr@t", fromEnv.ddlPassword());
        assertTrue(fromEnv.toString().contains("ddl.password=****") && !fromEnv.toString().contains("s3,cr@t"),
                fromEnv.toString());

        Path file = Files.writeString(dir.resolve("ddl-password"), "s3,cr@t/x\n");
        Properties sys = new Properties();
        sys.setProperty("schemahealer.ddl.passwordFile", file.toString());
        AgentOptions fromFile = AgentOptions.parse(null, sys, Map.of("SCHEMAHEALER_DDL_USER", "migrator"));
        assertEquals("s3,cr@t/x", fromFile.ddlPassword());
        assertTrue(!fromFile.toString().contains("s3,cr@t"), fromFile.toString());

        // The existing option keeps working.
        assertEquals("pw", AgentOptions.parse("ddl.user=migrator,ddl.password=pw", new Properties(), Map.of()).ddlPassword());
    }

    @Test
    void aDdlPasswordThatCannotBeReadStopsTheAgentWithOneLineNamingTheOption(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ddl.user=migrator,ddl.passwordEnv=DDL_PW", new Properties(), Map.of()));
        assertEquals("agent option ddl.passwordEnv=DDL_PW is invalid: expected an environment variable that holds"
                + " the password (environment variable DDL_PW is not set)", e.getMessage());
        String missing = dir.resolve("missing").toString();
        e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ddl.user=migrator,ddl.passwordFile=" + missing, new Properties(), Map.of()));
        assertEquals("agent option ddl.passwordFile=" + missing + " is invalid: expected a readable file that holds"
                + " the password (no such file: " + missing + ")", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ddl.passwordFile=" + missing, new Properties(), Map.of()));
        assertEquals("agent option ddl.passwordFile=" + missing + " is invalid: expected set together with ddl.user",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("ddl.user=m,ddl.password=pw",
                new Properties(), Map.of("SCHEMAHEALER_DDL_PASSWORDFILE", missing)));
        assertEquals("agent options ddl.password, ddl.passwordFile each give the upgrade connection's password: keep one",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("ddl.password=s3cret", new Properties(), Map.of()));
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }
}
