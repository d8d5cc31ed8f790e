package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ASM weaver on stand-in classes: each kind of hook, the retry token, fail-open, frames of real bodies. */
class HookWeaverTest {

    /** Stands in for a driver statement: fails as often as told, then succeeds. */
    public static class FlakyStatement {
        public int failuresLeft;
        public int calls;

        public int executeUpdate(String sql) throws SQLException {
            calls++;
            if (failuresLeft-- > 0) {
                throw new SQLException("miss " + calls, "42703");
            }
            return calls;
        }

        /** Locals of every size, a loop and a try/catch of its own: the body's frames must survive the move. */
        public long executeLargeUpdate(String sql) throws SQLException {
            long sum = 0;
            double half = 0.5;
            for (int i = 0; i < sql.length(); i++) {
                try {
                    sum += Integer.parseInt(String.valueOf(sql.charAt(i)));
                } catch (NumberFormatException e) {
                    sum += (long) half;
                }
            }
            calls++;
            if (failuresLeft-- > 0) {
                throw new SQLException("miss " + calls, "42703");
            }
            return sum;
        }

        public int[] executeBatch() throws SQLException {
            calls++;
            if (failuresLeft-- > 0) {
                throw new SQLException("batch miss " + calls, "42P01");
            }
            return new int[] {calls};
        }

        public void setBinaryStream(int index, java.io.InputStream in) {
        }

        /** Not a hook point: left as it is. */
        public int executeUpdate(int notSql) {
            return notSql;
        }
    }

    /** Stands in for a driver connection. */
    public static class StandInConnection {
        public boolean failCommit;

        public PreparedStatement prepareStatement(String sql) {
            return sql.isEmpty() ? null : (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> null);
        }

        /** Returns no statement: not a hook point. */
        public Object prepareStatement(String sql, Object notAStatement) {
            return sql;
        }

        public void commit() throws SQLException {
            if (failCommit) {
                throw new SQLException("commit failed");
            }
        }

        public void setAutoCommit(boolean autoCommit) {
        }

        public void setSchema(String schema) {
        }
    }

    /** Stands in for a driver result set. */
    public static class StandInResultSet {
        public int findColumn(String label) throws SQLException {
            if (label.startsWith("missing")) {
                throw new SQLException("no column " + label);
            }
            return label.length();
        }
    }

    /** Stands in for a driver. */
    public static class StandInDriver {
        public Object connect(String url, Properties info) {
            return url.startsWith("jdbc:") ? new Object() : null;
        }
    }

    static final class RecordingHooks extends Hooks {
        final List<String> events = new ArrayList<>();
        final List<Object> tokensSeen = new ArrayList<>();
        int retries;
        boolean explode;

        private void event(String e) {
            events.add(e);
            if (explode) {
                throw new IllegalStateException("hook failed");
            }
        }

        @Override
        protected Object onStatementFailure(Object statement, String method, Object sql, Throwable thrown, Object token) {
            tokensSeen.add(token);
            event("failed " + method + " " + sql + " " + thrown.getMessage());
            if (retries-- > 0) {
                return token == null ? new ArrayList<>(List.of("first")) : token;
            }
            return null;
        }

        @Override
        protected void onStatementPrepared(Object statement, String sql) {
            event("prepared " + sql + (statement instanceof PreparedStatement ? "" : " (not a statement)"));
        }

        @Override
        protected void onStreamBound(Object statement) {
            event("stream");
        }

        @Override
        protected void onConnect(Object driver, String url, Properties info, Object connection) {
            event("connected " + url + " " + info.getProperty("user"));
        }

        @Override
        protected void onSchemaSet(Object connection, String schema) {
            event("schema " + schema);
        }

        @Override
        protected void onTransactionEnd(Object connection) {
            event("ended");
        }

        @Override
        protected void onColumnLookupFailure(Object resultSet, String label, Throwable thrown) {
            event("lookup " + label + " " + thrown.getMessage());
        }

        @Override
        protected void onUnitStart(Object connection, Object statement) {
            event(statement == null ? "transaction starts" : "batch starts");
        }
    }

    private final RecordingHooks hooks = new RecordingHooks();

    @AfterEach
    void uninstall() {
        Hooks.install(null);
    }

    private Object woven(Class<?> type, int kinds) throws Exception {
        ClassReader reader = new ClassReader(VirtualFieldTest.classFile(type.getName()));
        byte[] woven = new HookWeaver(new JdbcTypes()).weave(reader, getClass().getClassLoader(), kinds, null);
        Hooks.install(hooks);
        return Woven.define(type.getName(), woven).getDeclaredConstructor().newInstance();
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Throwable {
        try {
            return target.getClass().getMethod(method, types).invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void set(Object target, String field, Object value) throws Exception {
        target.getClass().getField(field).set(target, value);
    }

    private static int calls(Object statement) throws Exception {
        return statement.getClass().getField("calls").getInt(statement);
    }

    @Test
    void repeatsTheBodyWhileTheHookAnswersWithATokenAndKeepsTheToken() throws Throwable {
        Object statement = woven(FlakyStatement.class, JdbcTypes.STATEMENT);
        hooks.retries = 2;
        set(statement, "failuresLeft", 2);

        assertEquals(3, call(statement, "executeUpdate", new Class<?>[] {String.class}, "select 1"));

        assertEquals(3, calls(statement));
        assertEquals(List.of("failed executeUpdate select 1 miss 1", "failed executeUpdate select 1 miss 2"), hooks.events);
        assertNull(hooks.tokensSeen.get(0));
        assertSame(ArrayList.class, hooks.tokensSeen.get(1).getClass(), "the token of the first failure reaches the second");
    }

    @Test
    void theOriginalExceptionGoesThroughWhenTheHookDeclinesAndANewCallStartsWithoutAToken() throws Throwable {
        Object statement = woven(FlakyStatement.class, JdbcTypes.STATEMENT);
        set(statement, "failuresLeft", 1);
        SQLException e = assertThrows(SQLException.class,
                () -> call(statement, "executeUpdate", new Class<?>[] {String.class}, "a"));
        assertEquals("miss 1", e.getMessage());
        hooks.retries = 1;
        set(statement, "failuresLeft", 1);
        assertEquals(3, call(statement, "executeUpdate", new Class<?>[] {String.class}, "b"));
        assertEquals(2, hooks.tokensSeen.size());
        assertNull(hooks.tokensSeen.get(0));
        assertNull(hooks.tokensSeen.get(1));
    }

    @Test
    void aFailingHookChangesNothing() throws Throwable {
        Object statement = woven(FlakyStatement.class, JdbcTypes.STATEMENT);
        hooks.explode = true;
        hooks.retries = 5;
        set(statement, "failuresLeft", 1);
        SQLException e = assertThrows(SQLException.class,
                () -> call(statement, "executeUpdate", new Class<?>[] {String.class}, "a"));
        assertEquals("miss 1", e.getMessage());
        assertEquals(1, calls(statement), "no repeat on a hook that threw");

        Object connection = woven(StandInConnection.class, JdbcTypes.CONNECTION);
        hooks.explode = true;
        call(connection, "commit", new Class<?>[0]);
        assertEquals("ended", hooks.events.get(hooks.events.size() - 1));
    }

    @Test
    void aLongResultALoopAndAHandlerOfTheBodyOwn() throws Throwable {
        Object statement = woven(FlakyStatement.class, JdbcTypes.STATEMENT);
        hooks.retries = 1;
        set(statement, "failuresLeft", 1);
        assertEquals(6L, call(statement, "executeLargeUpdate", new Class<?>[] {String.class}, "1x23x"));
        assertEquals(List.of("failed executeLargeUpdate 1x23x miss 1"), hooks.events);
    }

    @Test
    void aMethodWithoutArgumentsPassesNoSqlAndOnlyHookPointsAreWoven() throws Throwable {
        Object statement = woven(FlakyStatement.class, JdbcTypes.STATEMENT);
        hooks.retries = 1;
        set(statement, "failuresLeft", 1);
        assertArrayEquals(new int[] {2}, (int[]) call(statement, "executeBatch", new Class<?>[0]));
        assertEquals(7, call(statement, "executeUpdate", new Class<?>[] {int.class}, 7));
        call(statement, "setBinaryStream", new Class<?>[] {int.class, java.io.InputStream.class}, 1, null);
        // The batch's heal ahead runs once, before the first attempt, not again with the retry.
        assertEquals(List.of("batch starts", "failed executeBatch null batch miss 1", "stream"), hooks.events);
    }

    @Test
    void connectionHooks() throws Throwable {
        Object connection = woven(StandInConnection.class, JdbcTypes.CONNECTION);
        call(connection, "prepareStatement", new Class<?>[] {String.class}, "select 2");
        call(connection, "prepareStatement", new Class<?>[] {String.class}, "");
        call(connection, "prepareStatement", new Class<?>[] {String.class, Object.class}, "select 3", null);
        call(connection, "setSchema", new Class<?>[] {String.class}, "tenant");
        call(connection, "setAutoCommit", new Class<?>[] {boolean.class}, false);
        call(connection, "setAutoCommit", new Class<?>[] {boolean.class}, true);
        call(connection, "commit", new Class<?>[0]);
        set(connection, "failCommit", true);
        SQLException e = assertThrows(SQLException.class, () -> call(connection, "commit", new Class<?>[0]));
        assertEquals("commit failed", e.getMessage());
        assertEquals(List.of("prepared select 2", "schema tenant", "transaction starts", "ended", "ended", "ended"),
                hooks.events);
    }

    @Test
    void resultSetAndDriverHooks() throws Throwable {
        Object resultSet = woven(StandInResultSet.class, JdbcTypes.RESULT_SET);
        assertEquals(2, call(resultSet, "findColumn", new Class<?>[] {String.class}, "id"));
        SQLException e = assertThrows(SQLException.class,
                () -> call(resultSet, "findColumn", new Class<?>[] {String.class}, "missing_phone"));
        assertEquals("no column missing_phone", e.getMessage());

        Object driver = woven(StandInDriver.class, JdbcTypes.DRIVER);
        Properties info = new Properties();
        info.setProperty("user", "app");
        call(driver, "connect", new Class<?>[] {String.class, Properties.class}, "jdbc:x", info);
        call(driver, "connect", new Class<?>[] {String.class, Properties.class}, "other", info);
        assertEquals(List.of("lookup missing_phone no column missing_phone", "connected jdbc:x app"), hooks.events);
    }

    @Test
    void aClassOfNoJdbcKindIsLeftAlone() throws Exception {
        byte[] file = VirtualFieldTest.classFile(FlakyStatement.class.getName());
        assertNull(new HookWeaver(new JdbcTypes()).weave(getClass().getClassLoader(), file, true));
    }

    /** Loads the drivers' classes itself, woven as at first load under the agent. */
    static final class WeavingLoader extends ClassLoader {
        final HookWeaver weaver = new HookWeaver(new JdbcTypes());
        final List<String> woven = new ArrayList<>();

        WeavingLoader() {
            super(HookWeaverTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!DriverClassTransformer.isDriverClass(name.replace('.', '/'))) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] file;
                    try {
                        file = VirtualFieldTest.classFile(name);
                    } catch (Exception e) {
                        throw new ClassNotFoundException(name, e);
                    }
                    byte[] out = weaver.weave(this, file, true);
                    if (out != null) {
                        woven.add(name);
                        file = out;
                    }
                    c = defineClass(name, file, 0, file.length);
                }
                return c;
            }
        }
    }

    @Test
    void everyClassOfTheThreeDriversWeavesAndVerifies() throws Exception {
        WeavingLoader loader = new WeavingLoader();
        int linked = 0;
        for (Class<?> driver : List.of(org.postgresql.Driver.class, com.mysql.cj.jdbc.Driver.class, org.mariadb.jdbc.Driver.class)) {
            java.nio.file.Path jar = java.nio.file.Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                for (String entry : file.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.contains("-info") && !n.startsWith("META-INF")).toList()) {
                    String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                    try {
                        Class<?> c = Class.forName(name, false, loader);
                        c.getDeclaredMethods(); // links the class, so the JVM verifies it
                        linked++;
                    } catch (VerifyError | ClassFormatError e) {
                        throw new AssertionError(name + " does not verify after weaving", e);
                    } catch (LinkageError e) {
                        // an optional dependency of the driver that is not on the test class path
                    }
                }
            }
        }
        for (String name : List.of("org.postgresql.jdbc.PgStatement", "org.postgresql.jdbc.PgPreparedStatement",
                "org.postgresql.jdbc.PgCallableStatement", "org.postgresql.jdbc.PgConnection", "org.postgresql.jdbc.PgResultSet",
                "org.postgresql.Driver", "com.mysql.cj.jdbc.StatementImpl", "com.mysql.cj.jdbc.ClientPreparedStatement",
                "com.mysql.cj.jdbc.ServerPreparedStatement", "com.mysql.cj.jdbc.ConnectionImpl",
                "com.mysql.cj.jdbc.result.ResultSetImpl", "com.mysql.cj.jdbc.NonRegisteringDriver", "org.mariadb.jdbc.Statement",
                "org.mariadb.jdbc.ClientPreparedStatement", "org.mariadb.jdbc.ServerPreparedStatement",
                "org.mariadb.jdbc.Connection", "org.mariadb.jdbc.Driver")) {
            assertTrue(loader.woven.contains(name), name + " is woven");
        }
        assertTrue(linked > 1000, linked + " classes linked");
    }
}
