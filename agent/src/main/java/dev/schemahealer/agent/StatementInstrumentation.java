package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.schemahealer.bootstrap.Hooks;
import java.io.InputStream;
import java.io.Reader;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Driver {@code Statement}, {@code PreparedStatement} and {@code CallableStatement} classes: the
 * execute methods (the String forms and the no-argument forms) and the batch methods.
 */
final class StatementInstrumentation {

    private StatementInstrumentation() {
    }

    static ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Statement")));
    }

    static ElementMatcher<MethodDescription> methods() {
        return isPublic().and(not(isAbstract()))
                .and(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                        .and(takesNoArguments().or(takesArgument(0, String.class)))
                        .or(namedOneOf("executeBatch", "executeLargeBatch").and(takesNoArguments())));
    }

    static ElementMatcher<MethodDescription> batchMethods() {
        return isPublic().and(not(isAbstract())).and(namedOneOf("executeBatch", "executeLargeBatch")).and(takesNoArguments());
    }

    /** Prepared-statement setters that bind a stream or a reader, read once by the driver. */
    static ElementMatcher<MethodDescription> streamSetters() {
        return isPublic().and(not(isAbstract())).and(
                namedOneOf("setBinaryStream", "setAsciiStream", "setCharacterStream", "setNCharacterStream",
                        "setUnicodeStream")
                        .or(namedOneOf("setBlob", "setClob", "setNClob")
                                .and(takesArgument(1, InputStream.class).or(takesArgument(1, Reader.class)))));
    }

    /** Before a batch runs: the agent cannot run a failed batch again, so pending upgrades go first. */
    static final class BatchAheadAdvice {
        private BatchAheadAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object statement) {
            Hooks.unitStarting(null, statement);
        }
    }

    /** Marks the statement: it is never run again by the agent, its streams are spent. */
    static final class StreamBoundAdvice {
        private StreamBoundAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            Hooks.streamBound(statement);
        }
    }

    /**
     * On a failure, asks the healer; a non-null answer runs the method body again. The token lives
     * in a local of the woven method, so its state belongs to this one call. The happy path costs
     * the {@code thrown == null} check.
     */
    static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, repeatOn = Advice.OnNonDefaultValue.class,
                suppress = Throwable.class)
        static boolean exit(@Advice.This Object statement, @Advice.Origin("#m") String method,
                            @Advice.Argument(value = 0, optional = true) Object sql,
                            @Advice.Thrown Throwable thrown, @Advice.Local("schemahealerToken") Object token) {
            if (thrown == null) {
                return false;
            }
            token = Hooks.statementFailed(statement, method, sql, thrown, token);
            return token != null;
        }
    }
}
