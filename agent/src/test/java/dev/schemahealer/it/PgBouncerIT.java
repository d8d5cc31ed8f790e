package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.schemahealer.testing.Engine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heals through a real PgBouncer in transaction pooling mode (pool of 4 server connections), where
 * consecutive autocommit statements of one client connection may run in different server sessions.
 * Skipped, with a line saying so, where no {@code pgbouncer} is installed ({@code .ci/run} installs it).
 */
class PgBouncerIT extends EndToEndBase {

    private Process pgbouncer;
    private Path dir;
    private int port;

    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    String appUrl() {
        // prepareThreshold=0: PgBouncer 1.18 in transaction mode cannot keep server-prepared statements.
        String rest = db.url().substring("jdbc:postgresql://".length());
        String path = rest.substring(rest.indexOf('/'));
        int q = path.indexOf('?');
        return "jdbc:postgresql://127.0.0.1:" + port + (q < 0 ? path : path.substring(0, q)) + "?prepareThreshold=0";
    }

    @BeforeEach
    void startPgBouncer() throws Exception {
        Path binary = findPgBouncer();
        assumeTrue(binary != null, "pgbouncer is not installed (Debian package pgbouncer; .ci/run installs it):"
                + " the transaction-pooling tests are skipped");
        String rest = db.url().substring("jdbc:postgresql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        String serverPort = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("schemahealer-pgbouncer-");
        Files.writeString(dir.resolve("users.txt"), "\"" + db.user() + "\" \"" + db.password() + "\"\n");
        Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                "* = host=" + host + " port=" + serverPort,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + dir.resolve("users.txt"),
                "pool_mode = transaction",
                "default_pool_size = 4",
                "max_client_conn = 200",
                "ignore_startup_parameters = extra_float_digits",
                ""));
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        ProcessBuilder pb = "root".equals(System.getProperty("user.name"))
                // PgBouncer refuses to run as root.
                ? new ProcessBuilder(binary.toString(), "-u", "nobody", dir.resolve("pgbouncer.ini").toString())
                : new ProcessBuilder(binary.toString(), dir.resolve("pgbouncer.ini").toString());
        dir.resolve("users.txt").toFile().setReadable(true, false);
        dir.resolve("pgbouncer.ini").toFile().setReadable(true, false);
        pgbouncer = pb.redirectErrorStream(true).redirectOutput(dir.resolve("pgbouncer.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers(port)) {
            if (!pgbouncer.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("pgbouncer did not start: " + Files.readString(dir.resolve("pgbouncer.log")));
            }
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stopPgBouncer() throws Exception {
        if (pgbouncer != null) {
            pgbouncer.destroy();
            pgbouncer.waitFor(10, TimeUnit.SECONDS);
            pgbouncer.destroyForcibly();
        }
    }

    @Test
    void twoJvmsOfEightThreadsHealTwoWavesOnceEach() throws Exception {
        String cp = ChildJvm.applicationClassPath();
        int warnings = 0;
        for (int wave = 1; wave <= 2; wave++) {
            ChildJvm first = ChildJvm.start(upgradesOption("mixed"), cp, PoolerWaveApp.class,
                    dbArgs(Integer.toString(wave), Integer.toString(wave * 100_000), "5"));
            ChildJvm second = ChildJvm.start(upgradesOption("mixed"), cp, PoolerWaveApp.class,
                    dbArgs(Integer.toString(wave), Integer.toString(wave * 100_000 + 50_000), "5"));
            long slowest = 0;
            for (ChildJvm app : List.of(first, second)) {
                assertEquals(0, app.waitFor(120), "wave " + wave + ":\n" + app.output());
                assertEquals(List.of("FAILED 0"), app.linesStartingWith("FAILED"), app.output());
                long poolerLines = app.output().lines().filter(l -> l.contains("transaction-mode pooler")).count();
                assertTrue(poolerLines <= 1, "the pooler is reported once:\n" + app.output());
                warnings += (int) poolerLines;
                slowest = Math.max(slowest, Long.parseLong(app.linesStartingWith("ELAPSED_MS ").get(0).substring(11)));
            }
            // Held advisory locks would stay with a pooled server session and block the next heal.
            assertEquals(0, count("select count(*) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())"), "wave " + wave);
            if (wave == 1) {
                assertRanOnce("it-001-customer-email", "it-002-customer-phone");
                assertEquals(1 + 2 * 8 * 5, count("select count(*) from customers"));
            } else {
                assertRanOnce(MIXED);
                assertEquals(2 * 8 * 5, count("select count(*) from orders"));
            }
            // Measured from the moment all 8 connections are open, so JVM start-up does not count; a
            // lock.wait stall (30 s) or a lost lock would show here.
            System.out.println("PgBouncer wave " + wave + ": slowest JVM " + slowest + " ms");
            assertTrue(slowest < 20_000, "wave " + wave + " took " + slowest + " ms");
        }
        System.out.println("pooler warnings seen across the four JVMs: " + warnings);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findPgBouncer() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        for (String d : path.split(":")) {
            Path p = Path.of(d, "pgbouncer");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
