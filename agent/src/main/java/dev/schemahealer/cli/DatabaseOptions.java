package dev.schemahealer.cli;

import dev.schemahealer.agent.Secrets;
import dev.schemahealer.agent.UpgradeCatalog;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * Options every database command shares: where the databases are, and where the application's
 * jars are (its upgrades and its JDBC driver; the agent jar bundles no driver).
 */
final class DatabaseOptions {

    @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
            description = "A database (PostgreSQL: database and current schema) to inspect; repeat for several.")
    List<String> urls;

    @Option(names = "--user", paramLabel = "U", description = "The database user (default: from the URL).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "The environment variable that holds the password (never pass it on the command line).")
    String passwordEnv;

    @Option(names = "--upgrades", paramLabel = "PATH", split = "${sys:path.separator}",
            description = "The application's jars or class folders: its upgrades and its JDBC driver.")
    List<Path> upgrades = new ArrayList<>();

    @Option(names = "--ledger-table", paramLabel = "TABLE", defaultValue = "schemahealer_history",
            description = "The ledger table (agent option ledger.table). Default: ${DEFAULT-VALUE}.")
    String ledgerTable;

    private ClassLoader loader;

    ClassLoader loader() {
        if (loader == null) {
            for (Path p : upgrades) {
                if (!p.toFile().exists()) {
                    throw new IllegalArgumentException("--upgrades " + p + " does not exist");
                }
            }
            loader = UpgradeCatalog.loaderFor(upgrades);
        }
        return loader;
    }

    List<SchemaUpgrade> upgrades() {
        return new UpgradeCatalog(List.of()).upgrades(loader());
    }

    Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (passwordEnv != null) {
            String password = System.getenv(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("--password-env " + passwordEnv + ": no such environment variable");
            }
            props.setProperty("password", password);
        }
        for (Driver driver : ServiceLoader.load(Driver.class, loader())) {
            if (driver.acceptsURL(url)) {
                Connection c = driver.connect(url, props);
                if (c != null) {
                    c.setAutoCommit(true);
                    return c;
                }
            }
        }
        throw new SQLException("no JDBC driver for " + Secrets.maskUrl(url)
                + ": pass the application's jars (with its driver) with --upgrades");
    }
}
