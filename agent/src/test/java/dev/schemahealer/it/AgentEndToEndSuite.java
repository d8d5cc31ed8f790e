package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent core end to end: autocommit statements, exactly once, fail-open, attach, class loading. */
abstract class AgentEndToEndSuite extends EndToEndBase {

    /**
     * Lazy heals one after another, across two JVMs, on a shared and busy test machine can take
     * longer than the default heal.wait (5 s): these tests check exactness, not that bound.
     */
    static final String PATIENT = ",heal.wait=30s";


    @Test
    void sixteenThreadsOverHikariHealEveryUpgradeExactlyOnce() throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + PATIENT, ChildJvm.applicationClassPath(),
                MixedTrafficApp.class, dbArgs("1000000", "20"));
        int exit = app.waitFor(180);

        assertEquals(0, exit, app.output());
        assertEquals(List.of("FAILED 0"), app.linesStartingWith("FAILED"), app.output());
        assertEachUpgradeRanOnce();
        assertEquals(1 + 16 * 20, count("select count(*) from customers"));
        assertEquals(16 * 20, count("select count(*) from orders"));
        assertEquals(16 * 20, count("select count(*) from customers where phone is not null"));
        assertTrue(app.output().contains("applied upgrade it-003-orders"), app.output());
        // The bridge class is defined in the bootstrap loader directly: class data sharing stays on.
        assertTrue(!app.output().contains("bootstrap classpath has been appended"), app.output());
        Map<String, String> triggers = ledgerTriggers();
        assertEquals(4, triggers.size(), triggers.toString());
        for (String trigger : triggers.values()) {
            // The trigger names the code and the object; never statement text or values.
            assertTrue(trigger.matches("(42703|42P01|1054|1146) (column|table) [a-z_.]+"), trigger);
        }
    }

    @Test
    void twoJvmsAtOnceStillApplyEachUpgradeOnce() throws Exception {
        String cp = ChildJvm.applicationClassPath();
        ChildJvm first = ChildJvm.start(upgradesOption("mixed") + PATIENT, cp, MixedTrafficApp.class, dbArgs("1000000", "10"));
        ChildJvm second = ChildJvm.start(upgradesOption("mixed") + PATIENT, cp, MixedTrafficApp.class, dbArgs("5000000", "10"));

        assertEquals(0, first.waitFor(180), first.output());
        assertEquals(0, second.waitFor(180), second.output());
        assertEachUpgradeRanOnce();
        assertEquals(1 + 2 * 16 * 10, count("select count(*) from customers"));
        assertEquals(2 * 16 * 10, count("select count(*) from orders"));
    }

    @Test
    void errorsThatAreNotMissesReachTheCallerUnchanged() throws Exception {
        String cp = ChildJvm.applicationClassPath();
        ChildJvm plain = ChildJvm.start(null, cp, ErrorsApp.class, dbArgs());
        assertEquals(0, plain.waitFor(60), plain.output());
        ChildJvm agent = ChildJvm.start(upgradesOption("mixed"), cp, ErrorsApp.class, dbArgs());
        assertEquals(0, agent.waitFor(60), agent.output());

        List<String> expected = withoutConnectionIds(plain.linesStartingWith("ERROR"));
        assertEquals(ErrorsApp.STATEMENTS.length, expected.size(), plain.output());
        assertEquals(expected, withoutConnectionIds(agent.linesStartingWith("ERROR")));
        assertEquals(0, count("select count(*) from it_apply_log"), "no upgrade may run for these errors");
    }

    /** MariaDB Connector/J puts the server's connection id in its messages: "(conn=4751) ...". */
    private static List<String> withoutConnectionIds(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\\(conn=\\d+\\) ", "")).toList();
    }

    @Test
    void aBrokenUpgradeIsAttemptedOncePerBackoffWindowNotPerStatement() throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption("broken"), ChildJvm.applicationClassPath(), HammerApp.class,
                dbArgs("6000")); // long enough for a first heal on a busy machine
        assertEquals(0, app.waitFor(60), app.output());

        long elapsedMs = Long.parseLong(app.linesStartingWith("ELAPSED_MS ").get(0).substring(11));
        int failures = Integer.parseInt(app.linesStartingWith("FAILURES ").get(0).substring(9));
        int withSuppressed = Integer.parseInt(app.linesStartingWith("WITH_SUPPRESSED ").get(0).substring(16));
        // One WARN per attempt. PostgreSQL rolls each failed attempt back whole, its it_apply_log row
        // included; MySQL commits the row, so there the table counts the attempts too.
        int attempts = (int) app.output().lines().filter(l -> l.contains("upgrade it-900-broken failed")).count();
        assertEquals(engine() == Engine.POSTGRESQL ? 0 : attempts, count("select count(*) from it_apply_log"), app.output());
        // Windows of 1, 2, 4 ... s: within T seconds at most floor(log2(T + 1)) + 1 attempts, whatever the traffic.
        int allowed = (int) Math.floor(Math.log(elapsedMs / 1000.0 + 1) / Math.log(2)) + 1;
        assertTrue(attempts >= 1 && attempts <= allowed, "attempts: " + attempts + ", allowed: " + allowed + "\n"
                + app.output());
        assertTrue(failures >= 10 * attempts, "statements kept failing with their original error, far more often than"
                + " the upgrade was attempted: " + failures + " failures, " + attempts + " attempts\n" + app.output());
        assertEquals(failures, withSuppressed, "each failure carries the upgrade's failure as suppressed");
    }

    @Test
    void aDriverLoadedBeforeTheAgentIsInstrumentedAndHeals() throws Exception {
        ChildJvm app = ChildJvm.start(null, ChildJvm.applicationClassPath(), AttachApp.class, dbArgs());
        String ready = app.awaitLine("READY", 60);
        ChildJvm attach = ChildJvm.runJar("attach", ready.substring(6), upgradesOption("mixed"));
        assertEquals(0, attach.waitFor(60), attach.output());
        app.send("go");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertEquals(1, count("select count(*) from customers where email = 'a@example.com'"));
    }

    @Test
    void anApplicationWithItsOwnByteBuddyKeepsWorkingAndSoDoesTheAgent() throws Exception {
        String oldByteBuddy = ChildJvm.itLib("byte-buddy-").toString();
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(oldByteBuddy),
                OwnByteBuddyApp.class, dbArgs());

        assertEquals(0, app.waitFor(60), app.output());
        assertTrue(app.output().contains("GENERATED made by the application's Byte Buddy"), app.output());
        assertTrue(app.linesStartingWith("BYTEBUDDY").get(0).contains(oldByteBuddy.substring(oldByteBuddy.lastIndexOf('/'))),
                app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
    }

    @Test
    void statusListsAppliedAndPendingUpgrades() throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), AttachApp.class, dbArgs());
        app.awaitLine("READY", 60);
        app.send("go");
        assertEquals(0, app.waitFor(60), app.output());

        // --upgrades: the application's jars, with its upgrades and its JDBC driver.
        ChildJvm status = ChildJvm.runJar("status", "--url", db.url(), "--user", db.user(), "--upgrades",
                ChildJvm.scenario("mixed") + java.io.File.pathSeparator + ChildJvm.applicationClassPath());
        assertEquals(3, status.waitFor(60), "exit code 3: upgrades pending\n" + status.output());
        String out = status.output();
        assertTrue(out.contains("it-001-customer-email"), out);
        assertTrue(out.matches("(?s).*it-001-customer-email.*applied .* trigger (42703|1054) column .*email.*"), out);
        assertTrue(out.matches("(?s).*it-003-orders.*PENDING.*"), out);
        assertTrue(out.contains("Removable from the code (applied on every listed database): it-001-customer-email"), out);
    }

    @Test
    void aProcessThatDiesHoldingTheLockBlocksNobody() throws Exception {
        String cp = ChildJvm.applicationClassPath();
        ChildJvm dying = ChildJvm.start(upgradesOption("slow"), cp, OneStatementApp.class, dbArgs("20"));
        dying.awaitLine("SLOW_UPGRADE_HOLDS_THE_LOCK", 60);
        dying.kill(); // kill -9: no finally block runs; the database drops the lock with the connection

        ChildJvm next = ChildJvm.start(upgradesOption("mixed"), cp, OneStatementApp.class, dbArgs("21"));
        assertEquals(0, next.waitFor(60), next.output());
        assertEquals(List.of("OK"), next.linesStartingWith("OK"));
        assertEquals(1, count("select count(*) from schemahealer_history where upgrade_id = 'it-001-customer-email'"));
        assertEquals(1, count("select count(*) from customers where id = 21"));
    }

    @Test
    void aHealKilledBetweenItsDdlAndItsLedgerRowNeverRunsTheDdlTwice() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create table crash_here (id int)");
        }
        String cp = ChildJvm.applicationClassPath();
        ChildJvm dying = ChildJvm.start(upgradesOption("crash"), cp, OneStatementApp.class, dbArgs("22"));
        dying.awaitLine("DDL_DONE", 60);
        dying.kill(); // kill -9 after the upgrade's raw ALTER and INSERT, before its ledger row
        dying.waitFor(30);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("drop table crash_here");
        }

        // The next release-2 traffic needs customers.email and customers.phone (it-002). On MySQL the
        // killed heal's ALTER committed, so only phone is missed, and it-002 does not require it-001.
        ChildJvm next = ChildJvm.start(upgradesOption("crash"), cp, PoolerWaveApp.class, dbArgs("1", "100", "1"));
        assertEquals(0, next.waitFor(60), next.output());
        assertEquals(List.of("FAILED 0"), next.linesStartingWith("FAILED"));
        // PostgreSQL: the killed heal's transaction rolled back, the next one ran it whole, once.
        // MySQL: it-001 ran once; its claim stays until a heal that needs it-001 (or `apply`)
        // resumes it and skips the raw statements its journal says completed.
        assertRanOnce("it-001-customer-email", "it-002-customer-phone");
        assertEquals(engine() == Engine.POSTGRESQL ? 0 : 1,
                count("select count(*) from schemahealer_history where state <> 'applied'"));
    }

    @Test
    void theApplicationsShortTimeoutsDoNotReachTheHealConnection() throws Exception {
        String url = shortTimeouts(appUrl());
        ChildJvm app = ChildJvm.start(upgradesOption("sleepy"), ChildJvm.applicationClassPath(), OneStatementApp.class,
                url, db.user(), db.password(), "24");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertRanOnce("it-001-customer-email");
    }

    /** {@code url} with a 1 s socket timeout (and a 1 s statement timeout where the driver sets one per session). */
    String shortTimeouts(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return withParam(withParam(url, "socketTimeout=1"), "options=-c%20statement_timeout%3D1000");
        }
        // The test servers are MariaDB: max_statement_time, in seconds.
        return withParam(withParam(url, "socketTimeout=1000"), "sessionVariables=max_statement_time=1");
    }

    @Test
    void aBadOptionLeavesTheApplicationRunningWithOneClearLine() throws Exception {
        ChildJvm app = ChildJvm.start("mode=fix", ChildJvm.applicationClassPath(), ErrorsApp.class, dbArgs());

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(ErrorsApp.STATEMENTS.length, app.linesStartingWith("ERROR ").size(), app.output());
        List<String> agentLines = app.output().lines().filter(l -> l.contains("[schemahealer]")).toList();
        assertEquals(1, agentLines.size(), app.output());
        assertTrue(agentLines.get(0).contains("agent option mode=fix is invalid: expected heal, observe or off"),
                agentLines.get(0));
    }

    @Test
    void observeModeLogsWhatWouldRunAndRunsNothing() throws Exception {
        ChildJvm app = ChildJvm.start("mode=observe," + upgradesOption("mixed"), ChildJvm.applicationClassPath(),
                OneStatementApp.class, dbArgs("30"));

        assertEquals(1, app.waitFor(60), app.output());
        assertEquals(1, app.linesStartingWith("ERROR ").size(), app.output());
        assertTrue(app.output().contains("would apply [it-001-customer-email]"), app.output());
        assertEquals(0, count("select count(*) from it_apply_log"));
    }

    /** The MBean and the Micrometer meters, read inside the child after a heal: what an operator's JMX client sees. */
    @Test
    void theMBeanAndMicrometerCountTheHeal() throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), MetricsApp.class,
                dbArgs("1"));

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertEquals(List.of("MBEAN Misses=1 Heals=1 StatementsRetried=1 UpgradesApplied=1 UpgradeFailures=0"
                + " ObservedMisses=0 RequestsWaited=1 WaitedMillis>0=true LastHealMillis>0=true"),
                app.linesStartingWith("MBEAN"), app.output());
        // Four upgrades in the code, the one that heals customers.email applied.
        List<String> pending = app.linesStartingWith("PENDING");
        assertEquals(1, pending.size(), app.output());
        assertTrue(pending.get(0).startsWith("PENDING " + db.url().replaceAll("\\?.*", "")), pending.get(0));
        assertTrue(pending.get(0).endsWith(" = 3"), pending.get(0));
        assertEquals(List.of("MICROMETER heals=1.0 observed=0.0 pending=3.0"), app.linesStartingWith("MICROMETER"),
                app.output());
    }

    /** Observe mode counts every miss and logs it once a minute, not once per statement. */
    @Test
    void observeModeCountsEveryMissAndLogsItOnce() throws Exception {
        ChildJvm app = ChildJvm.start("mode=observe," + upgradesOption("mixed"), ChildJvm.applicationClassPath(),
                MetricsApp.class, dbArgs("5"));

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(5, app.linesStartingWith("ERROR").size(), app.output());
        assertEquals(1, app.output().lines().filter(l -> l.contains("would apply [it-001-customer-email]")).count(),
                app.output());
        assertEquals(List.of("MBEAN Misses=5 Heals=0 StatementsRetried=0 UpgradesApplied=0 UpgradeFailures=0"
                + " ObservedMisses=5 RequestsWaited=0 WaitedMillis>0=false LastHealMillis>0=false"),
                app.linesStartingWith("MBEAN"), app.output());
        assertEquals(List.of("MICROMETER heals=0.0 observed=5.0 pending=4.0"), app.linesStartingWith("MICROMETER"),
                app.output());
        assertEquals(0, count("select count(*) from it_apply_log"));
    }
}
