package dev.schemahealer.upgrades;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What an upgrade works with. Every helper checks the catalog first and does nothing when the
 * object is already there, so an upgrade built from helpers is idempotent.
 *
 * <p>Names: an unquoted name follows the engine's rules (PostgreSQL folds it to lower case; MySQL
 * and MariaDB keep it as written); a name in double quotes (or MySQL back-quotes) is taken exactly.
 * Helpers always quote the names they put into SQL, so reserved words such as {@code order} work.
 * On PostgreSQL a table may be schema-qualified ({@code sales.orders}); unqualified tables live in
 * the connection's current schema. Definitions and column lists are SQL and are used as written.
 *
 * <p>Every statement, the helpers' and {@link #execute}'s, runs with the DDL lock timeout
 * ({@code ddl.lockTimeout}): a DDL that would wait in a lock queue fails fast instead of blocking
 * every later query on the table. The agent retries it later with backoff.
 *
 * <p>Transactions: {@link #connection()} is dedicated to the upgrade and in autocommit mode; no
 * application transaction is involved.
 */
public interface UpgradeContext {

    /** A connection dedicated to the upgrade, to the database (and schema) that missed the object. */
    Connection connection();

    Dialect dialect();

    boolean tableExists(String table) throws SQLException;

    boolean columnExists(String table, String column) throws SQLException;

    boolean indexExists(String table, String index) throws SQLException;

    /**
     * Adds the column unless it exists, in the catalog only, never by rewriting the table.
     * {@code definition} is SQL, for example {@code "varchar(32) null"} or {@code "int not null default 0"}.
     *
     * <p>MySQL 8.0.12+ and MariaDB 10.3+: {@code ALGORITHM=INSTANT}; where the table cannot take it
     * (a FULLTEXT index, {@code ROW_FORMAT=COMPRESSED}, MyISAM, MySQL's 64 row versions, a column
     * before the last on MySQL before 8.0.29) the server refuses and so does the helper. Older
     * servers: {@code ALGORITHM=INPLACE, LOCK=NONE}. PostgreSQL: a column whose default is volatile,
     * an identity or a stored generated column would rewrite the table and is refused; a constant
     * default, NOT NULL included, is stored in the catalog. A refusal is an {@link SQLException}
     * (PostgreSQL: SQLState {@code 0A000}; MySQL and MariaDB: the server's, 1845 for example) that says
     * why, and how to write the change with {@link #execute} if a rewrite is acceptable.
     */
    void addColumnIfMissing(String table, String column, String definition) throws SQLException;

    /** Creates the table unless it exists. {@code columnsAndConstraints}: {@code "(id bigint primary key, ...)"}. */
    void createTableIfMissing(String table, String columnsAndConstraints) throws SQLException;

    /**
     * Creates the index unless it exists, online where the engine allows it: PostgreSQL
     * {@code CONCURRENTLY} (in autocommit, on a table that has rows; its waits for older
     * transactions block no one and may take up to 60 s), MySQL and MariaDB
     * {@code ALGORITHM=INPLACE, LOCK=NONE}.
     * On PostgreSQL an invalid index left by an interrupted concurrent build is rebuilt.
     * {@code columns} is SQL, for example {@code "last_name, first_name"}.
     */
    void createIndexIfMissing(String table, String index, String columns) throws SQLException;

    /** Runs raw SQL under the DDL lock timeout. Idempotence is the caller's business. */
    void execute(String sql) throws SQLException;
}
