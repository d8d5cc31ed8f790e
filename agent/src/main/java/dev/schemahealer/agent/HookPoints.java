package dev.schemahealer.agent;

import static dev.schemahealer.agent.JdbcTypes.CONNECTION;
import static dev.schemahealer.agent.JdbcTypes.DRIVER;
import static dev.schemahealer.agent.JdbcTypes.RESULT_SET;
import static dev.schemahealer.agent.JdbcTypes.STATEMENT;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Every place the agent hooks into a driver, as one table for {@link HookWeaver}: which classes
 * (by the JDBC interfaces they implement), which methods (name and descriptor), when the hook
 * runs, under which condition, and which {@code Hooks} method it calls with which values. Adding a
 * hook is adding a row here (and its method in {@code Hooks}).
 *
 * <p>Every hook is wrapped in a catch-all: a failing hook never changes what the driver method
 * returns or throws. The happy path of an execute method costs one branch ({@code thrown == null}).
 */
final class HookPoints {

    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String STRING = "Ljava/lang/String;";

    /** When a hook runs. */
    enum When {
        /** Before the method body; runs once even when the body is run again. */
        ENTER,
        /** After the body returned normally. */
        RETURNED,
        /** After the body threw; the exception is rethrown after the hook. */
        THROWN,
        /** After the body returned or threw. */
        ALWAYS,
        /**
         * After the body threw: the hook answers a token; non-null runs the body again (the token
         * is kept in a local of the woven method for the whole call and passed back on the next
         * failure), {@code null} rethrows the exception.
         */
        THROWN_RETRY
    }

    /** What must hold for the hook to run. */
    enum Condition { NONE, RETURNED_NOT_NULL, ARG0_TRUE, ARG0_FALSE }

    /** A value passed to the hook. */
    enum Value {
        THIS, NULL,
        /** The woven method's name. */
        METHOD_NAME,
        /** The first argument, or {@code null} when the method takes none. */
        ARG0, ARG1,
        RETURNED, THROWN,
        /** The token of a {@link When#THROWN_RETRY} hook: {@code null} on the call's first failure. */
        TOKEN
    }

    /** Which methods of those names: by access. Abstract and native methods are never woven. */
    enum Access { PUBLIC, INSTANCE, STATIC }

    /** Which methods of those names: by their arguments (and for one, by what they return). */
    enum Args {
        NONE, STRING, BOOLEAN,
        /** None, or a String first (the SQL) and anything after. */
        NONE_OR_STRING_FIRST,
        ANY,
        /** An InputStream or a Reader second. */
        STREAM_OR_READER_SECOND,
        /** A String first, anything after, returning a class or interface that implements {@code Statement}. */
        STRING_FIRST_RETURNS_STATEMENT,
        STRING_PROPERTIES,
        MARIADB_CONFIGURATION
    }

    /** A driver method as the weaver sees it. */
    record Method(int access, String name, String descriptor, ClassLoader loader, JdbcTypes types) {

        boolean is(Access required) {
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            return switch (required) {
                case PUBLIC -> (access & Opcodes.ACC_PUBLIC) != 0;
                case INSTANCE -> !isStatic;
                case STATIC -> isStatic;
            };
        }

        boolean takes(Args args) {
            return switch (args) {
                case NONE -> descriptor.startsWith("()");
                case STRING -> descriptor.startsWith("(" + STRING + ")");
                case BOOLEAN -> descriptor.startsWith("(Z)");
                case NONE_OR_STRING_FIRST -> descriptor.startsWith("()") || descriptor.startsWith("(" + STRING);
                case ANY -> true;
                case STREAM_OR_READER_SECOND -> second("Ljava/io/InputStream;") || second("Ljava/io/Reader;");
                case STRING_FIRST_RETURNS_STATEMENT -> descriptor.startsWith("(" + STRING) && returnsStatement();
                case STRING_PROPERTIES -> descriptor.startsWith("(" + STRING + "Ljava/util/Properties;)");
                case MARIADB_CONFIGURATION -> descriptor.startsWith("(Lorg/mariadb/jdbc/Configuration;)");
            };
        }

        private boolean second(String argument) {
            Type[] args = Type.getArgumentTypes(descriptor);
            return args.length > 1 && args[1].getDescriptor().equals(argument);
        }

        private boolean returnsStatement() {
            Type r = Type.getReturnType(descriptor);
            return r.getSort() == Type.OBJECT && (types.of(loader, r.getInternalName()) & STATEMENT) != 0;
        }
    }

    /**
     * One row: the classes ({@code types}: their JDBC kinds, {@link JdbcTypes}), the methods (names,
     * access, arguments), when and under which condition the hook runs, and the {@code Hooks}
     * method it calls with which values.
     */
    record Hook(int types, Access access, List<String> names, Args args, When when, Condition condition,
                String hook, String hookDescriptor, List<Value> values) {

        boolean appliesTo(int kinds, Method m) {
            return (kinds & types) != 0 && names.contains(m.name()) && m.is(access) && m.takes(args);
        }
    }

    private static Hook hook(int types, Access access, List<String> names, Args args, When when, Condition condition,
                             String hook, String hookDescriptor, Value... values) {
        return new Hook(types, access, names, args, when, condition, hook, hookDescriptor, List.of(values));
    }

    private static final String STATEMENT_FAILED =
            "(" + OBJECT + STRING + OBJECT + "Ljava/lang/Throwable;" + OBJECT + ")" + OBJECT;

    /**
     * The table. Order matters only among the hooks of one method: they run in this order. Plain
     * data, no lambdas: it is read while the first driver classes load, when nothing is warm.
     */
    static final List<Hook> ALL = List.of(
            // Statement.execute*(), execute*(String, ...), executeBatch(), executeLargeBatch(): on a
            // failure the healer answers whether to run the body again.
            hook(STATEMENT, Access.PUBLIC, List.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate"),
                    Args.NONE_OR_STRING_FIRST, When.THROWN_RETRY, Condition.NONE, "statementFailed", STATEMENT_FAILED,
                    Value.THIS, Value.METHOD_NAME, Value.ARG0, Value.THROWN, Value.TOKEN),
            // Before a batch runs: it cannot run again, so a database's pending upgrades go first (heal ahead).
            hook(STATEMENT, Access.PUBLIC, List.of("executeBatch", "executeLargeBatch"),
                    Args.NONE, When.ENTER, Condition.NONE, "unitStarting", "(" + OBJECT + OBJECT + ")V",
                    Value.NULL, Value.THIS),
            hook(STATEMENT, Access.PUBLIC, List.of("executeBatch", "executeLargeBatch"),
                    Args.NONE, When.THROWN_RETRY, Condition.NONE, "statementFailed", STATEMENT_FAILED,
                    Value.THIS, Value.METHOD_NAME, Value.ARG0, Value.THROWN, Value.TOKEN),
            // A stream or reader bound to a prepared statement: it cannot run again.
            hook(STATEMENT, Access.PUBLIC, List.of("setBinaryStream", "setAsciiStream", "setCharacterStream",
                            "setNCharacterStream", "setUnicodeStream"),
                    Args.ANY, When.RETURNED, Condition.NONE, "streamBound", "(" + OBJECT + ")V", Value.THIS),
            hook(STATEMENT, Access.PUBLIC, List.of("setBlob", "setClob", "setNClob"),
                    Args.STREAM_OR_READER_SECOND, When.RETURNED, Condition.NONE, "streamBound", "(" + OBJECT + ")V",
                    Value.THIS),
            // Connection.prepareStatement/prepareCall (and Connector/J's client/serverPrepareStatement):
            // the SQL a statement is prepared with.
            hook(CONNECTION, Access.PUBLIC, List.of("prepareStatement", "prepareCall", "clientPrepareStatement",
                            "serverPrepareStatement"),
                    Args.STRING_FIRST_RETURNS_STATEMENT, When.RETURNED, Condition.RETURNED_NOT_NULL, "statementPrepared",
                    "(" + OBJECT + STRING + ")V", Value.RETURNED, Value.ARG0),
            // The moment a transaction begins, still in autocommit: heal ahead.
            hook(CONNECTION, Access.PUBLIC, List.of("setAutoCommit"),
                    Args.BOOLEAN, When.ENTER, Condition.ARG0_FALSE, "unitStarting", "(" + OBJECT + OBJECT + ")V",
                    Value.THIS, Value.NULL),
            // The moments a transaction ends.
            hook(CONNECTION, Access.PUBLIC, List.of("commit", "rollback", "close"),
                    Args.NONE, When.ALWAYS, Condition.NONE, "transactionEnded", "(" + OBJECT + ")V", Value.THIS),
            hook(CONNECTION, Access.PUBLIC, List.of("setAutoCommit"),
                    Args.BOOLEAN, When.ALWAYS, Condition.ARG0_TRUE, "transactionEnded", "(" + OBJECT + ")V", Value.THIS),
            hook(CONNECTION, Access.PUBLIC, List.of("setSchema"),
                    Args.STRING, When.RETURNED, Condition.NONE, "schemaSet", "(" + OBJECT + STRING + ")V",
                    Value.THIS, Value.ARG0),
            // ResultSet.findColumn(label), which every getter by label goes through.
            hook(RESULT_SET, Access.PUBLIC, List.of("findColumn"),
                    Args.STRING, When.THROWN, Condition.NONE, "columnLookupFailed",
                    "(" + OBJECT + STRING + "Ljava/lang/Throwable;)V", Value.THIS, Value.ARG0, Value.THROWN),
            // Driver.connect(url, info): how the application connects.
            hook(DRIVER, Access.INSTANCE, List.of("connect"),
                    Args.STRING_PROPERTIES, When.RETURNED, Condition.RETURNED_NOT_NULL, "connected",
                    "(" + OBJECT + STRING + "Ljava/util/Properties;" + OBJECT + ")V",
                    Value.THIS, Value.ARG0, Value.ARG1, Value.RETURNED),
            // MariaDB Connector/J's static Driver.connect(Configuration), which its DataSource calls.
            hook(DRIVER, Access.STATIC, List.of("connect"),
                    Args.MARIADB_CONFIGURATION, When.RETURNED, Condition.RETURNED_NOT_NULL, "connectedWith",
                    "(" + OBJECT + OBJECT + ")V", Value.ARG0, Value.RETURNED));

    /** Every method name in the table: a class that declares none of them is not woven. */
    static final Set<String> NAMES = names();

    private static Set<String> names() {
        Set<String> names = new HashSet<>();
        for (Hook h : ALL) {
            names.addAll(h.names());
        }
        return names;
    }

    private HookPoints() {
    }
}
