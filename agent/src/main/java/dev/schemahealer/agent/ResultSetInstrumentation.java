package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.schemahealer.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Driver {@code ResultSet.findColumn(label)}, which every getter by label goes through: new code
 * reading a new column from a {@code SELECT *} fails there, not in the statement. The heal runs so
 * that the next statement sees the column; this lookup's error surfaces (its row is already read).
 */
final class ResultSetInstrumentation {

    private ResultSetInstrumentation() {
    }

    static ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.ResultSet")));
    }

    static ElementMatcher<MethodDescription> methods() {
        return isPublic().and(not(isAbstract())).and(named("findColumn"))
                .and(takesArguments(1)).and(takesArgument(0, String.class));
    }

    static final class FindColumnAdvice {
        private FindColumnAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object resultSet, @Advice.Argument(0) String label,
                         @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                Hooks.columnLookupFailed(resultSet, label, thrown);
            }
        }
    }
}
