package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.schemahealer.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Driver {@code Connection} classes: the SQL a statement is prepared with, and the moments a transaction ends ({@code commit()},
 * {@code rollback()}, {@code close()}, {@code setAutoCommit}), so that a heal owed to a failed
 * statement inside the transaction completes before the call returns to the application; and the
 * moment one begins ({@code setAutoCommit(false)}), so that pending upgrades are applied before it.
 */
final class ConnectionInstrumentation {

    private ConnectionInstrumentation() {
    }

    static ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Connection")));
    }

    static ElementMatcher<MethodDescription> endMethods() {
        return isPublic().and(not(isAbstract())).and(namedOneOf("commit", "rollback", "close")).and(takesNoArguments());
    }

    /**
     * {@code prepareStatement} and {@code prepareCall} in every form, and Connector/J's
     * {@code clientPrepareStatement} / {@code serverPrepareStatement}: all take the SQL first.
     */
    static ElementMatcher<MethodDescription> prepareMethods() {
        return isPublic().and(not(isAbstract()))
                .and(namedOneOf("prepareStatement", "prepareCall", "clientPrepareStatement", "serverPrepareStatement"))
                .and(takesArgument(0, String.class)).and(returns(hasSuperType(named("java.sql.Statement"))));
    }

    static ElementMatcher<MethodDescription> autoCommitMethod() {
        return isPublic().and(not(isAbstract())).and(named("setAutoCommit")).and(takesArguments(boolean.class));
    }

    /** Remembers the SQL on the statement: only a statement whose SQL is known is ever run again. */
    static final class PrepareAdvice {
        private PrepareAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) String sql, @Advice.Return Object statement) {
            if (statement != null) {
                Hooks.statementPrepared(statement, sql);
            }
        }
    }

    static ElementMatcher<MethodDescription> setSchemaMethod() {
        return isPublic().and(not(isAbstract())).and(named("setSchema")).and(takesArguments(String.class));
    }

    /** Remembers the schema the application chose, for a heal in a transaction that can no longer ask. */
    static final class SetSchemaAdvice {
        private SetSchemaAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) String schema) {
            Hooks.schemaSet(connection, schema);
        }
    }

    static final class TransactionEndAdvice {
        private TransactionEndAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object connection) {
            Hooks.transactionEnded(connection);
        }
    }

    /** {@code setAutoCommit(true)} commits; {@code setAutoCommit(false)} starts a transaction and ends none. */
    static final class AutoCommitAdvice {
        private AutoCommitAdvice() {
        }

        /** Before the transaction starts, while the connection is still in autocommit: heal ahead. */
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit) {
            if (!autoCommit) {
                Hooks.unitStarting(connection, null);
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit) {
            if (autoCommit) {
                Hooks.transactionEnded(connection);
            }
        }
    }
}
