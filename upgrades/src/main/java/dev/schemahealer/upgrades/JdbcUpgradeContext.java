package dev.schemahealer.upgrades;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard {@link UpgradeContext}, used by the agent, the command line and the testkit.
 *
 * <p>Opening it sets the DDL lock timeout on the connection (PostgreSQL {@code lock_timeout};
 * MySQL and MariaDB {@code lock_wait_timeout} for metadata locks and
 * {@code innodb_lock_wait_timeout} for row locks); {@link #close()} restores the session's
 * previous values. The connection itself belongs to the caller and stays open.
 */
public final class JdbcUpgradeContext implements UpgradeContext, AutoCloseable {

    // Engine error codes that mean "someone else created it first": treated as done.
    private static final String PG_DUPLICATE_COLUMN = "42701";
    private static final String PG_DUPLICATE_OBJECT = "42P07";
    private static final int MYSQL_DUPLICATE_COLUMN = 1060;
    private static final int MYSQL_TABLE_EXISTS = 1050;
    private static final int MYSQL_DUPLICATE_KEY_NAME = 1061;
    private static final String PG_INSUFFICIENT_PRIVILEGE = "42501";
    // The server refuses the ALGORITHM or LOCK asked for: ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON),
    // MySQL's ER_INNODB_MAX_ROW_VERSION and ER_INNODB_INSTANT_ADD_NOT_SUPPORTED_MAX_SIZE.
    private static final int MYSQL_ALTER_NOT_SUPPORTED = 1845;
    private static final int MYSQL_ALTER_NOT_SUPPORTED_REASON = 1846;
    private static final int MYSQL_INNODB_MAX_ROW_VERSION = 4092;
    private static final int MYSQL_INSTANT_MAX_SIZE = 4093;
    private static final String INSTANT = "algorithm=instant";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Connection connection;
    private final Dialect dialect;
    private final String upgradeId;
    private final String[] savedTimeouts;
    private final long lockTimeoutMillis;

    /** How long a concurrent index build may wait; its waits hold up no other statement. */
    static final long CONCURRENT_INDEX_WAIT_MILLIS = 60_000;

    private JdbcUpgradeContext(Connection connection, Dialect dialect, String upgradeId, String[] savedTimeouts,
                               long lockTimeoutMillis) {
        this.connection = connection;
        this.dialect = dialect;
        this.upgradeId = upgradeId;
        this.savedTimeouts = savedTimeouts;
        this.lockTimeoutMillis = lockTimeoutMillis;
    }

    /**
     * A context for one upgrade on {@code connection}, with {@code lockTimeout} applied until
     * {@link #close()}.
     *
     * @param upgradeId named in the message of every error a helper throws
     */
    public static JdbcUpgradeContext open(Connection connection, Dialect dialect, Duration lockTimeout, String upgradeId)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(dialect, "dialect");
        long millis = Math.max(1, lockTimeout.toMillis());
        String[] saved;
        if (dialect == Dialect.POSTGRESQL) {
            saved = new String[] {queryString(connection, "select current_setting('lock_timeout')")};
            setPostgresLockTimeout(connection, millis + "ms");
        } else {
            saved = new String[] {
                queryString(connection, "select @@session.lock_wait_timeout"),
                queryString(connection, "select @@session.innodb_lock_wait_timeout")
            };
            // Both variables take whole seconds; round up so a timeout never becomes zero.
            long seconds = Math.max(1, (millis + 999) / 1000);
            setMysqlLockTimeouts(connection, Long.toString(seconds), Long.toString(seconds));
        }
        return new JdbcUpgradeContext(connection, dialect, upgradeId, saved, millis);
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public boolean tableExists(String table) throws SQLException {
        Identifier t = parseTable(table);
        return step("tableExists", t.toString(), () -> tableExists(t));
    }

    @Override
    public boolean columnExists(String table, String column) throws SQLException {
        Identifier t = parseTable(table);
        String c = Identifier.exact(column, dialect);
        return step("columnExists", t + "." + c, () -> columnExists(t, c));
    }

    @Override
    public boolean indexExists(String table, String index) throws SQLException {
        Identifier t = parseTable(table);
        String i = Identifier.exact(index, dialect);
        return step("indexExists", t + "." + i, () -> indexState(t, i) != IndexState.MISSING);
    }

    @Override
    public void addColumnIfMissing(String table, String column, String definition) throws SQLException {
        Identifier t = parseTable(table);
        String c = Identifier.exact(column, dialect);
        requireSql(definition, "definition");
        step("addColumnIfMissing", t + "." + c, () -> {
            if (!columnExists(t, c)) {
                String sql = "alter table " + t.sql() + " add column " + Identifier.quote(c, dialect) + " " + definition;
                if (dialect == Dialect.POSTGRESQL) {
                    refuseRewrite(t, c, definition);
                    runTolerating(sql, PG_DUPLICATE_COLUMN, MYSQL_DUPLICATE_COLUMN, () -> columnExists(t, c));
                } else {
                    addColumnOnline(t, c, sql);
                }
            }
            return null;
        });
    }

    @Override
    public void createTableIfMissing(String table, String columnsAndConstraints) throws SQLException {
        Identifier t = parseTable(table);
        requireSql(columnsAndConstraints, "columnsAndConstraints");
        String body = columnsAndConstraints.trim();
        String columns = body.startsWith("(") ? body : "(" + body + ")";
        step("createTableIfMissing", t.toString(), () -> {
            if (!tableExists(t)) {
                runTolerating("create table " + t.sql() + " " + columns, PG_DUPLICATE_OBJECT, MYSQL_TABLE_EXISTS,
                        () -> tableExists(t));
            }
            return null;
        });
    }

    @Override
    public void createIndexIfMissing(String table, String index, String columns) throws SQLException {
        Identifier t = parseTable(table);
        String i = Identifier.exact(index, dialect);
        requireSql(columns, "columns");
        step("createIndexIfMissing", t + "." + i, () -> {
            IndexState state = indexState(t, i);
            if (state == IndexState.VALID) {
                return null;
            }
            if (dialect == Dialect.POSTGRESQL) {
                // CONCURRENTLY builds without blocking writes, but is only allowed outside a transaction,
                // and only worth it where there are rows to protect: on a table just created it would
                // still wait for every older transaction in the database.
                boolean concurrently = connection.getAutoCommit() && hasRows(t);
                String online = concurrently ? "concurrently " : "";
                String indexSql = t.schema == null
                        ? Identifier.quote(i, dialect)
                        : Identifier.quote(t.schema, dialect) + "." + Identifier.quote(i, dialect);
                if (concurrently) {
                    // A concurrent build's waits (its SHARE UPDATE EXCLUSIVE lock, then every older
                    // transaction) block no reader or writer, so they get more than the DDL lock timeout.
                    setPostgresLockTimeout(connection, Math.max(lockTimeoutMillis, CONCURRENT_INDEX_WAIT_MILLIS) + "ms");
                }
                try {
                    if (state == IndexState.INVALID) {
                        // An interrupted concurrent build leaves an invalid index that is never used: rebuild it.
                        run("drop index " + online + "if exists " + indexSql);
                    }
                    run("create index " + online + Identifier.quote(i, dialect) + " on " + t.sql() + " (" + columns + ")");
                } finally {
                    if (concurrently) {
                        setPostgresLockTimeout(connection, lockTimeoutMillis + "ms");
                    }
                }
            } else {
                runTolerating("alter table " + t.sql() + " add index " + Identifier.quote(i, dialect) + " (" + columns
                        + "), algorithm=inplace, lock=none", null, MYSQL_DUPLICATE_KEY_NAME,
                        () -> indexState(t, i) != IndexState.MISSING);
            }
            return null;
        });
    }

    @Override
    public void execute(String sql) throws SQLException {
        requireSql(sql, "sql");
        step("execute", abbreviate(sql), () -> {
            run(sql);
            return null;
        });
    }

    /** Restores the session's previous lock timeouts. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            setPostgresLockTimeout(connection, savedTimeouts[0]);
        } else {
            setMysqlLockTimeouts(connection, savedTimeouts[0], savedTimeouts[1]);
        }
    }

    // ---- no table rewrites ----
    //
    // A helper runs on the thread of the statement that missed, while the table is locked for the
    // change: a change that rewrites or copies the table would hold both for as long as the table
    // is large. So a helper either changes the catalog only or fails saying how to do it by hand.

    private static final String ACCEPT_A_REWRITE = "If you accept a rewrite (it locks the table for as long as"
            + " the copy takes), write it with execute(\"alter table ...\") and run it with `schemahealer apply`"
            + " during the rollout; see the README's \"What blocks\"";

    /** MySQL and MariaDB: the add with {@link #mysqlOnlineAdd}; the server's refusal explained. */
    private void addColumnOnline(Identifier t, String column, String sql) throws SQLException {
        String online = mysqlOnlineAdd();
        try {
            runTolerating(sql + ", " + online, null, MYSQL_DUPLICATE_COLUMN, () -> columnExists(t, column));
        } catch (SQLException e) {
            if (!refusedOnline(e)) {
                throw e;
            }
            boolean instant = online.equals(INSTANT);
            throw new SQLException(dialectName() + " cannot add column " + column + " to " + t + " without "
                    + (instant ? "rebuilding" : "copying") + " the table (asked for " + online.toUpperCase(Locale.ROOT)
                    + ": " + e.getMessage() + "). The helpers never "
                    + (instant ? "rewrite a table. " : "copy a table or block its writers. ") + ACCEPT_A_REWRITE,
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** MySQL and MariaDB errors that refuse the requested ALGORITHM or LOCK (MySQL: also its 64 row versions). */
    private boolean refusedOnline(SQLException e) {
        int code = e.getErrorCode();
        return code == MYSQL_ALTER_NOT_SUPPORTED || code == MYSQL_ALTER_NOT_SUPPORTED_REASON
                || dialect == Dialect.MYSQL && (code == MYSQL_INNODB_MAX_ROW_VERSION || code == MYSQL_INSTANT_MAX_SIZE);
    }

    /**
     * The column-add clause that never copies: {@code ALGORITHM=INSTANT} (MySQL 8.0.12+, which adds
     * a last column instantly and from 8.0.29 one at any position; MariaDB 10.3+), refused by the
     * server when the table cannot take it (a FULLTEXT index, {@code ROW_FORMAT=COMPRESSED}, MyISAM,
     * MySQL's 64 row versions); on older servers, which have no instant add at all, their best:
     * {@code ALGORITHM=INPLACE, LOCK=NONE}, an online rebuild that never blocks writers.
     */
    private String mysqlOnlineAdd() throws SQLException {
        String version = queryString(connection, "select version()");
        Matcher m = VERSION.matcher(version == null ? "" : version);
        int major = 0;
        int minor = 0;
        int patch = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
            patch = Integer.parseInt(m.group(3));
        }
        long v = major * 1_000_000L + minor * 1_000L + patch;
        boolean instant = dialect == Dialect.MARIADB ? v >= 10_003_000L : v >= 8_000_012L;
        return instant ? INSTANT : "algorithm=inplace, lock=none";
    }

    private String dialectName() {
        return dialect == Dialect.MARIADB ? "MariaDB" : "MySQL";
    }

    /**
     * PostgreSQL rewrites the table for a column whose default is volatile ({@code random()},
     * {@code clock_timestamp()}, {@code gen_random_uuid()}, a {@code serial}'s {@code nextval}),
     * an identity column, a stored generated column, a domain with constraints: whatever the reason,
     * the rewrite gives the table a new file. So the same column is first added to an empty table
     * shaped like this one, in a savepoint (or transaction) that is then rolled back: if that
     * table's {@code pg_relation_filenode} changed, PostgreSQL itself decided to rewrite, and the
     * real table is left alone. This asks the engine that decides rather than guessing from the
     * definition's text; the trial sees no rows and locks nothing but the new table (and, for a
     * {@code references} clause, the referenced table, as the real change would).
     */
    private void refuseRewrite(Identifier t, String column, String definition) throws SQLException {
        String relation;
        try (PreparedStatement ps = prepare("select c.relkind::text, n.nspname from pg_catalog.pg_class c"
                + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass(?)", t.sql());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !(rs.getString(1).equals("r") || rs.getString(1).equals("p"))) {
                return; // no table, or no storage to rewrite: the change itself says what is wrong
            }
            relation = Identifier.quote(rs.getString(2), dialect);
        }
        boolean autoCommit = connection.getAutoCommit();
        Savepoint savepoint = null;
        if (autoCommit) {
            connection.setAutoCommit(false);
        } else {
            savepoint = connection.setSavepoint();
        }
        boolean rewrites;
        try {
            String probe = relation + "." + Identifier.quote("schemahealer_rewrite_probe_"
                    + queryString(connection, "select pg_backend_pid()"), dialect);
            try {
                // Beside the table, not a temporary one: a temporary table cannot hold a foreign key.
                run("create table " + probe + " (like " + t.sql() + ")");
            } catch (SQLException e) {
                if (!PG_INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                    throw e;
                }
                rollbackTrial(savepoint);
                probe = "pg_temp." + Identifier.quote("schemahealer_rewrite_probe", dialect);
                run("create temporary table " + probe + " (like " + t.sql() + ")");
            }
            String before = filenode(probe);
            run("alter table " + probe + " add column " + Identifier.quote(column, dialect) + " " + definition);
            rewrites = !before.equals(filenode(probe));
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            } else {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            }
        }
        if (rewrites) {
            throw new SQLException("PostgreSQL would rewrite " + t + " to add column " + column + " " + definition
                    + " (a volatile default such as random(), clock_timestamp(), gen_random_uuid() or a serial's"
                    + " nextval() is computed for every existing row; so are identity and stored generated columns)."
                    + " The helpers never rewrite a table: if existing rows may keep NULL, add the column without that"
                    + " default and set it in a second step (alter column ... set default changes only the catalog). "
                    + ACCEPT_A_REWRITE, "0A000");
        }
    }

    /** In autocommit the trial's transaction is rolled back; inside one, its savepoint. */
    private void rollbackTrial(Savepoint savepoint) throws SQLException {
        if (savepoint == null) {
            connection.rollback();
        } else {
            connection.rollback(savepoint);
        }
    }

    private String filenode(String relation) throws SQLException {
        try (PreparedStatement ps = prepare("select pg_catalog.pg_relation_filenode(?::regclass)::text", relation);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---- catalog ----
    //
    // PostgreSQL: an unqualified table is resolved with to_regclass, through the search_path,
    // exactly as the DDL that follows will resolve it: a check against current_schema() alone would
    // miss a table in a later schema of the path and create a second one that shadows it.

    private static final String PG_TABLE_KINDS = "c.relkind in ('r', 'p', 'v', 'm', 'f')";

    private enum IndexState { MISSING, INVALID, VALID }

    private boolean tableExists(Identifier t) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return exists("select 1 from pg_catalog.pg_class c where c.oid = to_regclass(?) and " + PG_TABLE_KINDS, t.sql());
        }
        String sql = "select 1 from information_schema.tables where table_name = ? and table_schema = coalesce(?, database())";
        return exists(sql, t.name, t.schema);
    }

    private boolean columnExists(Identifier t, String column) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return exists("select 1 from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid"
                    + " where c.oid = to_regclass(?) and " + PG_TABLE_KINDS
                    + " and a.attname = ? and a.attnum > 0 and not a.attisdropped", t.sql(), column);
        }
        String sql = "select 1 from information_schema.columns where table_name = ? and table_schema = coalesce(?, database())"
                + " and column_name = ?";
        return exists(sql, t.name, t.schema, column);
    }

    private IndexState indexState(Identifier t, String index) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            String sql = "select x.indisvalid from pg_catalog.pg_index x"
                    + " join pg_catalog.pg_class i on i.oid = x.indexrelid"
                    + " where x.indrelid = to_regclass(?) and i.relname = ?";
            try (PreparedStatement ps = prepare(sql, t.sql(), index); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return IndexState.MISSING;
                }
                return rs.getBoolean(1) ? IndexState.VALID : IndexState.INVALID;
            }
        }
        String sql = "select 1 from information_schema.statistics where table_name = ?"
                + " and table_schema = coalesce(?, database()) and index_name = ?";
        return exists(sql, t.name, t.schema, index) ? IndexState.VALID : IndexState.MISSING;
    }

    private boolean hasRows(Identifier t) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select 1 from " + t.sql() + " limit 1")) {
            return rs.next();
        }
    }

    private boolean exists(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private PreparedStatement prepare(String sql, String... params) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setString(i + 1, params[i]);
        }
        return ps;
    }

    // ---- statements ----

    private void run(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Runs DDL; an error saying the object already exists (a concurrent creator) counts as success
     * if the catalog now shows it. The check matters: on PostgreSQL "relation already exists" also
     * means an index or sequence holds the name, and then the table was not made.
     */
    private void runTolerating(String sql, String pgState, int mysqlCode, Step<Boolean> created) throws SQLException {
        try {
            run(sql);
        } catch (SQLException e) {
            boolean exists = dialect == Dialect.POSTGRESQL
                    ? pgState != null && pgState.equals(e.getSQLState())
                    : e.getErrorCode() == mysqlCode;
            if (exists) {
                try {
                    exists = created.run();
                } catch (SQLException recheck) { // e.g. the error aborted the caller's transaction
                    e.addSuppressed(recheck);
                    exists = false;
                }
            }
            if (!exists) {
                throw e;
            }
        }
    }

    private static void setPostgresLockTimeout(Connection c, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config('lock_timeout', ?, false)")) {
            ps.setString(1, value);
            ps.execute();
        }
    }

    private static void setMysqlLockTimeouts(Connection c, String metadataSeconds, String rowSeconds) throws SQLException {
        // Values come from the server or from a long: digits only, safe to inline (SET takes no parameters).
        try (Statement st = c.createStatement()) {
            st.execute("set session lock_wait_timeout = " + digits(metadataSeconds)
                    + ", innodb_lock_wait_timeout = " + digits(rowSeconds));
        }
    }

    private static String digits(String value) {
        if (value == null || !value.matches("\\d+")) {
            throw new IllegalArgumentException("not a number of seconds: " + value);
        }
        return value;
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---- errors ----

    private interface Step<T> {
        T run() throws SQLException;
    }

    /** Runs one helper step; a failure names the upgrade, the step and the object, keeping SQLState and code. */
    private <T> T step(String step, String object, Step<T> body) throws SQLException {
        try {
            return body.run();
        } catch (SQLException e) {
            throw new SQLException("upgrade " + upgradeId + ": " + step + " " + object + " failed: " + e.getMessage(),
                    e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private Identifier parseTable(String table) {
        return Identifier.parse(table, dialect);
    }

    private static void requireSql(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
