package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade connection's password from a file ({@code ddl.passwordFile}, the command line's
 * {@code --password-file}), never on a command line: a heal as a DDL user of its own, in a child
 * JVM with {@code -javaagent}. On the MySQL family because its servers check the password (the
 * test PostgreSQL servers trust local connections, so a wrong password would pass unseen there).
 */
class MysqlSecretsIT extends EndToEndBase {

    /** Holds ',' (which no agent argument can carry), '@' and '/'. */
    private static final String PASSWORD = "f1le,s3cr@t/" + ThreadLocalRandom.current().nextInt(1_000_000);
    private static final List<String> HOSTS = List.of("%", "localhost", "127.0.0.1");

    @TempDir
    Path dir;
    private String ddlUser;
    private boolean usersMade;

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    /** A DDL user of its own for the test database, with a password only the file holds. */
    @BeforeEach
    void ddlUser() throws SQLException {
        ddlUser = "ddl_" + db.name().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        ddlUser = ddlUser.substring(0, Math.min(ddlUser.length(), 32));
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String host : HOSTS) {
                try {
                    st.execute("create user '" + ddlUser + "'@'" + host + "' identified by '" + PASSWORD + "'");
                } catch (SQLException e) {
                    // 1290: the embedded MariaDB runs with --skip-grant-tables and checks no password.
                    Assumptions.assumeTrue(e.getErrorCode() != 1290, "skipped: this MariaDB checks no passwords"
                            + " (--skip-grant-tables, as the embedded one runs); these tests run against a server"
                            + " given by SCHEMAHEALER_TEST_MYSQL_URL, as in CI's second pass");
                    throw e;
                }
                st.execute("grant all on `" + db.name() + "`.* to '" + ddlUser + "'@'" + host + "'");
            }
        }
        usersMade = true;
    }

    @AfterEach
    void dropDdlUser() throws SQLException {
        if (!usersMade) {
            return;
        }
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String host : HOSTS) {
                st.execute("drop user if exists '" + ddlUser + "'@'" + host + "'");
            }
        }
    }

    @Test
    void theDdlPasswordComesFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ddl-password"), PASSWORD + "\n");
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + ",ddl.user=" + ddlUser + ",ddl.passwordFile=" + file,
                ChildJvm.applicationClassPath(), OneStatementApp.class, dbArgs("30"));

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"), app.output());
        assertRanOnce("it-001-customer-email");
        assertFalse(app.output().contains(PASSWORD), app.output());
    }

    /** The file's content is what the heal logs in with: a wrong one is refused by the server, and nothing runs. */
    @Test
    void aWrongPasswordInTheFileHealsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("ddl-password"), "not-" + PASSWORD + "\n");
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + ",ddl.user=" + ddlUser + ",ddl.passwordFile=" + file,
                ChildJvm.applicationClassPath(), OneStatementApp.class, dbArgs("30"));

        assertEquals(1, app.waitFor(60), app.output());
        assertEquals(1, app.linesStartingWith("ERROR ").size(), app.output());
        assertTrue(app.output().contains("Access denied for user '" + ddlUser + "'"), app.output());
        assertEquals(0, count("select count(*) from it_apply_log"));
    }

    /** Fail open: one line naming the option and why; the application runs without the agent, no heal. */
    @Test
    void anUnreadablePasswordFileLeavesTheApplicationRunningWithOneClearLine() throws Exception {
        Path missing = dir.resolve("no-such-file");
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + ",ddl.user=" + ddlUser + ",ddl.passwordFile=" + missing,
                ChildJvm.applicationClassPath(), OneStatementApp.class, dbArgs("30"));

        assertEquals(1, app.waitFor(60), app.output());
        assertEquals(1, app.linesStartingWith("ERROR ").size(), app.output());
        List<String> agentLines = app.output().lines().filter(l -> l.contains("[schemahealer]")).toList();
        assertEquals(1, agentLines.size(), app.output());
        assertTrue(agentLines.get(0).contains("agent option ddl.passwordFile=" + missing + " is invalid: expected a"
                + " readable file that holds the password (no such file: " + missing + ")"), agentLines.get(0));
        assertEquals(0, count("select count(*) from it_apply_log"));
    }

    @Test
    void theCommandLineReadsThePasswordFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ddl-password"), PASSWORD + "\n");
        String upgrades = ChildJvm.scenario("mixed") + File.pathSeparator + ChildJvm.applicationClassPath();
        ChildJvm status = ChildJvm.runJar("status", "--url", db.url(), "--user", ddlUser, "--password-file",
                file.toString(), "--upgrades", upgrades);
        assertEquals(3, status.waitFor(60), "exit code 3: upgrades pending\n" + status.output());
        assertFalse(status.output().contains(PASSWORD), status.output());

        ChildJvm missing = ChildJvm.runJar("status", "--url", db.url(), "--user", ddlUser, "--password-file",
                dir.resolve("no-such-file").toString(), "--upgrades", upgrades);
        assertEquals(2, missing.waitFor(60), missing.output());
        assertTrue(missing.output().contains("--password-file " + dir.resolve("no-such-file") + ": no such file"),
                missing.output());
    }
}
