package dev.schemahealer.upgrades;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The database engines schemahealer supports. */
public enum Dialect {
    POSTGRESQL,
    MYSQL,
    MARIADB;

    /** True for MySQL and MariaDB, which share error codes, catalog and quoting. */
    public boolean isMysqlFamily() {
        return this != POSTGRESQL;
    }

    /**
     * The dialect of a connection, from the driver's metadata (no round trip with pgjdbc or
     * Connector/J: both answer from the connection handshake).
     *
     * @throws SQLException for an engine schemahealer does not support
     */
    public static Dialect of(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String product = meta.getDatabaseProductName();
        String version = meta.getDatabaseProductVersion();
        Dialect dialect = fromProduct(product, version);
        if (dialect == null) {
            throw new SQLException("schemahealer supports PostgreSQL, MySQL and MariaDB, not " + product + " " + version);
        }
        return dialect;
    }

    /** The dialect named by a driver's product name and version, or {@code null} if unsupported. */
    public static Dialect fromProduct(String product, String version) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        String v = version == null ? "" : version.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb") || (p.contains("mysql") && v.contains("mariadb"))) {
            return MARIADB;
        }
        if (p.contains("mysql")) {
            return MYSQL;
        }
        return null;
    }
}
