package dev.schemahealer.cli;

import dev.schemahealer.agent.Secrets;
import dev.schemahealer.agent.UpgradeCatalog;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
 * Options every database command shares: where the databases are, and what the application ships
 * (its upgrades; the command line brings the PostgreSQL, MySQL and MariaDB drivers itself).
 */
final class DatabaseOptions {

    @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
            description = "A database: PostgreSQL (its database and current schema) or MySQL/MariaDB. Repeat for several.")
    List<String> urls;

    @Option(names = "--user", paramLabel = "USER", description = "The database user (default: from the URL).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "The environment variable that holds the password (never pass a password on the command line).")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file that holds the password (a Kubernetes or Docker secret, say); a line break at its"
                    + " end is not part of it.")
    Path passwordFile;

    /** Read once, on the first connection. */
    private String password;

    @Option(names = "--upgrades", required = true, paramLabel = "PATH", split = "${sys:path.separator}",
            description = {"What the application ships: a jar, a class folder, a Spring Boot executable jar or a WAR"
                    + " (separate several with '${sys:path.separator}').",
                    "A JDBC driver found there is used before the bundled PostgreSQL, MySQL and MariaDB drivers."})
    List<Path> upgrades = new ArrayList<>();

    @Option(names = "--schemas", paramLabel = "PATTERN",
            description = "PostgreSQL: every schema of each database whose name matches PATTERN (* any characters,"
                    + " ? one), one ledger each: schema-per-tenant.")
    String schemas;

    @Option(names = "--databases", paramLabel = "PATTERN",
            description = "MySQL/MariaDB: every database on each server whose name matches PATTERN (* and ?),"
                    + " one ledger each: database-per-tenant.")
    String databases;

    @Option(names = "--ledger-table", paramLabel = "TABLE", defaultValue = "schemahealer_history",
            description = "The ledger table (agent option ledger.table). Default: ${DEFAULT-VALUE}.")
    String ledgerTable;

    @Option(names = "--verbose", description = "Print each error's whole cause chain, with stack traces.")
    boolean verbose;

    @Option(names = "--ddl-url", paramLabel = "JDBC_URL",
            description = "Where to apply upgrades instead of --url (agent option ddl.url), for example the primary"
                    + " directly instead of a pooler; with a single --url.")
    String ddlUrl;

    private ClassLoader loader;

    ClassLoader loader() {
        if (loader == null) {
            try {
                List<Path> classPath = new ArrayList<>();
                for (Path p : upgrades) {
                    classPath.addAll(Deployables.classPath(p));
                }
                // The application's own driver first: it is the one the agent heals with.
                classPath.addAll(BundledDrivers.jars());
                loader = UpgradeCatalog.loaderFor(classPath);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loader;
    }

    /** The upgrades in {@code --upgrades}, in id order; none at all is a usage error, never an empty report. */
    List<SchemaUpgrade> upgrades() {
        if ((schemas != null || databases != null) && ledgerTable.contains(".")) {
            throw new UsageError("--ledger-table " + ledgerTable + " names a schema: with --schemas or --databases"
                    + " each tenant has its own ledger; pass the table name alone");
        }
        if (schemas != null && databases != null) {
            throw new UsageError("--schemas is for PostgreSQL and --databases for MySQL/MariaDB: pass one");
        }
        List<SchemaUpgrade> found = new UpgradeCatalog(List.of()).upgrades(loader());
        if (found.isEmpty()) {
            throw new UsageError("no upgrade found in --upgrades " + upgrades + ": expected classes registered in"
                    + " META-INF/services/" + SchemaUpgrade.class.getName() + " (in a jar, a class folder,"
                    + " BOOT-INF/classes of a Spring Boot jar or WEB-INF/classes of a WAR)");
        }
        return found;
    }

    /**
     * The schemas or databases of {@code c} that the pattern selects, or {@code null} without one:
     * then the URL's own database (and on PostgreSQL its current schema).
     */
    String pattern(Dialect dialect) {
        if (dialect == Dialect.POSTGRESQL && databases != null) {
            throw new UsageError("--databases is for MySQL/MariaDB: PostgreSQL tenants are schemas, use --schemas");
        }
        if (dialect != Dialect.POSTGRESQL && schemas != null) {
            throw new UsageError("--schemas is for PostgreSQL: MySQL/MariaDB tenants are databases, use --databases");
        }
        return dialect == Dialect.POSTGRESQL ? schemas : databases;
    }

    /** A connection for changes: {@code --ddl-url} when given, else {@code url}. */
    Connection connectForDdl(String url) throws SQLException {
        if (ddlUrl == null) {
            return connect(url);
        }
        if (urls.size() > 1) {
            throw new UsageError("--ddl-url goes with a single --url: the database to change past the pooler");
        }
        return connect(ddlUrl);
    }

    Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        String password = password();
        if (password != null) {
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
        throw new SQLException("no JDBC driver accepts this URL: expected jdbc:postgresql://HOST[:PORT]/DATABASE,"
                + " jdbc:mysql://HOST[:PORT]/DATABASE or jdbc:mariadb://HOST[:PORT]/DATABASE");
    }

    /** From {@code --password-env} or {@code --password-file}; {@code null} without either. */
    private String password() {
        if (password != null || passwordEnv == null && passwordFile == null) {
            return password;
        }
        if (passwordEnv != null && passwordFile != null) {
            throw new UsageError("--password-env and --password-file both give the password: pass one");
        }
        try {
            password = passwordEnv != null ? Secrets.passwordFromEnvironment(passwordEnv, System.getenv())
                    : Secrets.passwordFromFile(passwordFile);
        } catch (IllegalArgumentException e) {
            throw new UsageError((passwordEnv != null ? "--password-env " + passwordEnv : "--password-file " + passwordFile)
                    + ": " + e.getMessage());
        }
        return password;
    }

    /** One line naming the database and the cause; with {@code --verbose} the whole chain too. */
    String failure(String url, String scope, Throwable e, PrintWriter err) {
        if (verbose) {
            err.println("schemahealer: " + label(url, scope) + ":");
            Errors.printChain(e, err);
        }
        return Errors.describe(e);
    }

    static String label(String url, String scope) {
        return scope == null ? Secrets.maskUrl(url) : Secrets.maskUrl(url) + " " + scope;
    }
}
