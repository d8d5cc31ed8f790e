package dev.schemahealer.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void postgresql() {
        assertEquals(Dialect.POSTGRESQL, Dialect.fromProduct("PostgreSQL", "15.20 (Debian 15.20-0+deb12u1)"));
        assertEquals(Dialect.POSTGRESQL, Dialect.fromProduct("postgres", null));
    }

    @Test
    void mysql() {
        assertEquals(Dialect.MYSQL, Dialect.fromProduct("MySQL", "8.4.3"));
        assertEquals(Dialect.MYSQL, Dialect.fromProduct("MySQL", null));
    }

    @Test
    void mariadbThroughEitherDriver() {
        // Connector/J reports a MariaDB server as MySQL; older servers prefix their version with 5.5.5-.
        assertEquals(Dialect.MARIADB, Dialect.fromProduct("MySQL", "5.5.5-10.11.19-MariaDB-0+deb12u1"));
        assertEquals(Dialect.MARIADB, Dialect.fromProduct("MySQL", "11.4.5-MariaDB"));
        // MariaDB Connector/J says so itself.
        assertEquals(Dialect.MARIADB, Dialect.fromProduct("MariaDB", "11.4.5-MariaDB"));
    }

    @Test
    void unsupported() {
        assertNull(Dialect.fromProduct("Oracle", "Oracle Database 23ai"));
        assertNull(Dialect.fromProduct("H2", "2.3.232 (2024-08-11)"));
        assertNull(Dialect.fromProduct("Microsoft SQL Server", "16.00.1000"));
        assertNull(Dialect.fromProduct(null, null));
        assertNull(Dialect.fromProduct("", "MariaDB")); // a version alone names no product
    }

    @Test
    void mysqlFamily() {
        assertFalse(Dialect.POSTGRESQL.isMysqlFamily());
        assertTrue(Dialect.MYSQL.isMysqlFamily());
        assertTrue(Dialect.MARIADB.isMysqlFamily());
    }
}
