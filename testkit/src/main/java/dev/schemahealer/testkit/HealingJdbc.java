package dev.schemahealer.testkit;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * JDBC wrappers that call the engine's {@link Hooks} exactly where the agent's advice woven into a
 * driver would: after a failed execute (and run the call again when the engine says so), after a
 * stream is bound, when a transaction ends, and when a column lookup by label fails. So the
 * connections a test gets heal in-process, by the same engine, without {@code -javaagent}.
 */
final class HealingJdbc {

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
    private static final Set<String> BATCH = Set.of("executeBatch", "executeLargeBatch");
    private static final Set<String> TRANSACTION_END = Set.of("commit", "rollback", "close");
    private static final Set<String> STREAM_SETTERS = Set.of("setBinaryStream", "setAsciiStream",
            "setCharacterStream", "setNCharacterStream", "setUnicodeStream", "setBlob", "setClob", "setNClob");

    private HealingJdbc() {
    }

    static Connection connection(Connection real) {
        return proxy(Connection.class, new ConnectionHandler(real));
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(HealingJdbc.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** The statement interface a method returns, or {@code null}: a prepared call stays a prepared call. */
    private static Class<? extends Statement> statementType(Class<?> returned) {
        if (returned == CallableStatement.class) {
            return CallableStatement.class;
        }
        if (returned == PreparedStatement.class) {
            return PreparedStatement.class;
        }
        return returned == Statement.class ? Statement.class : null;
    }

    private static Object call(Object real, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What a proxy answers for {@code Object}'s methods: its own identity. */
    private static Object objectMethod(Object proxy, Object real, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "healing " + real;
        };
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection real;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, real, method, args);
            }
            String name = method.getName();
            try {
                Object result = call(real, method, args);
                Class<? extends Statement> type = statementType(method.getReturnType());
                if (type != null && args != null && args.length > 0 && args[0] instanceof String sql) {
                    // As the prepare advice: only a statement whose SQL the agent knows is ever run again.
                    Hooks.statementPrepared(result, sql);
                }
                return type == null ? result : proxy(type, new StatementHandler((Statement) result, (Connection) proxy));
            } finally {
                // As the advice: on the way out, normal or not, so an owed heal completes before the call returns.
                if ((TRANSACTION_END.contains(name) && (args == null || args.length == 0))
                        || ("setAutoCommit".equals(name) && Boolean.TRUE.equals(args[0]))) {
                    Hooks.transactionEnded(real);
                }
            }
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement real;
        private final Connection connection;

        StatementHandler(Statement real, Connection connection) {
            this.real = real;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, real, method, args);
            }
            String name = method.getName();
            if ("getConnection".equals(name)) {
                return connection;
            }
            Object result = isExecute(method) ? execute(method, args) : call(real, method, args);
            if (STREAM_SETTERS.contains(name) && streamArgument(method)) {
                Hooks.streamBound(real);
            }
            return result instanceof ResultSet rs && method.getReturnType() == ResultSet.class
                    ? proxy(ResultSet.class, new ResultSetHandler(rs, (Statement) proxy)) : result;
        }

        private static boolean isExecute(Method method) {
            Class<?>[] params = method.getParameterTypes();
            return (EXECUTE.contains(method.getName()) && (params.length == 0 || params[0] == String.class))
                    || (BATCH.contains(method.getName()) && params.length == 0);
        }

        /** Bound streams and readers are read once; a LOB given as a {@code Blob}/{@code Clob} object is not. */
        private static boolean streamArgument(Method method) {
            Class<?>[] params = method.getParameterTypes();
            return params.length >= 2 && (java.io.InputStream.class.isAssignableFrom(params[1])
                    || java.io.Reader.class.isAssignableFrom(params[1]));
        }

        /** The woven execute method's loop: a non-null token from the engine runs the call again. */
        private Object execute(Method method, Object[] args) throws Throwable {
            Object sql = args != null && args.length > 0 ? args[0] : null;
            Object token = null;
            while (true) {
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    Throwable thrown = e.getCause();
                    token = Hooks.statementFailed(real, method.getName(), sql, thrown, token);
                    if (token == null) {
                        throw thrown;
                    }
                }
            }
        }
    }

    private static final class ResultSetHandler implements InvocationHandler {
        private final ResultSet real;
        private final Statement statement;

        ResultSetHandler(ResultSet real, Statement statement) {
            this.real = real;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, real, method, args);
            }
            if ("getStatement".equals(method.getName())) {
                return statement;
            }
            try {
                return call(real, method, args);
            } catch (SQLException e) {
                if (args != null && args.length > 0 && args[0] instanceof String label
                        && method.getParameterTypes()[0] == String.class) {
                    lookupFailed(label, e);
                }
                throw e;
            }
        }

        /**
         * The woven driver sees the failure in {@code findColumn}, which every getter by label calls;
         * here only the getter is seen, so the label is looked up once more to tell a missing column
         * from a failed conversion.
         */
        private void lookupFailed(String label, SQLException e) {
            try {
                real.findColumn(label);
            } catch (SQLException missing) {
                Hooks.columnLookupFailed(real, label, missing);
            }
        }
    }
}
