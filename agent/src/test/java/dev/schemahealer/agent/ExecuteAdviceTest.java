package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.schemahealer.bootstrap.Hooks;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The woven advice itself, on a stand-in class: repeat on a token, the token kept for the whole call. */
class ExecuteAdviceTest {

    /** Fails as often as told, then succeeds. */
    public static class Flaky {
        public int failuresLeft;
        public int calls;

        public int execute(String sql) throws SQLException {
            calls++;
            if (failuresLeft-- > 0) {
                throw new SQLException("miss " + calls, "42703");
            }
            return calls;
        }
    }

    static final class RecordingHooks extends Hooks {
        final List<Object> tokensSeen = new ArrayList<>();
        int retries;

        @Override
        protected Object onStatementFailure(Object statement, String method, Object sql, Throwable thrown,
                                            Object token) {
            tokensSeen.add(token);
            if (retries-- > 0) {
                return token == null ? new ArrayList<String>(List.of("first")) : token;
            }
            return null;
        }

        @Override
        protected void onStreamBound(Object statement) {
        }

        @Override
        protected void onConnect(Object driver, String url, Properties info, Object connection) {
        }

        @Override
        protected void onTransactionEnd(Object connection) {
        }

        @Override
        protected void onUnitStart(Object connection, Object statement) {
        }

        @Override
        protected void onColumnLookupFailure(Object resultSet, String label, Throwable thrown) {
        }
    }

    @AfterEach
    void uninstall() {
        Hooks.install(null);
    }

    private static Object woven() throws Exception {
        Class<?> type = new ByteBuddy()
                .redefine(Flaky.class)
                .visit(Advice.to(StatementInstrumentation.ExecuteAdvice.class).on(named("execute")))
                .make()
                .load(new ClassLoader(ExecuteAdviceTest.class.getClassLoader()) { }, ClassLoadingStrategy.Default.CHILD_FIRST)
                .getLoaded();
        return type.getDeclaredConstructor().newInstance();
    }

    @Test
    void repeatsWhileTheHookAnswersWithATokenAndKeepsTheToken() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        hooks.retries = 2;
        Hooks.install(hooks);
        Object flaky = woven();
        flaky.getClass().getField("failuresLeft").setInt(flaky, 2);

        Object result = flaky.getClass().getMethod("execute", String.class).invoke(flaky, "select 1");

        assertEquals(3, result);
        assertEquals(3, flaky.getClass().getField("calls").getInt(flaky));
        assertEquals(2, hooks.tokensSeen.size());
        assertEquals(null, hooks.tokensSeen.get(0));
        assertSame(hooks.tokensSeen.get(1).getClass(), ArrayList.class, "the token of the first failure reaches the second");
    }

    @Test
    void theOriginalExceptionGoesThroughWhenTheHookDeclines() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        Hooks.install(hooks);
        Object flaky = woven();
        flaky.getClass().getField("failuresLeft").setInt(flaky, 1);

        var e = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> flaky.getClass().getMethod("execute", String.class).invoke(flaky, "select 1"));

        assertEquals("miss 1", e.getCause().getMessage());
        assertEquals(1, flaky.getClass().getField("calls").getInt(flaky));
    }

    @Test
    void aNewCallStartsWithoutAToken() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        hooks.retries = 1;
        Hooks.install(hooks);
        Object flaky = woven();
        flaky.getClass().getField("failuresLeft").setInt(flaky, 1);
        flaky.getClass().getMethod("execute", String.class).invoke(flaky, "a");
        hooks.retries = 1;
        flaky.getClass().getField("failuresLeft").setInt(flaky, 1);
        flaky.getClass().getMethod("execute", String.class).invoke(flaky, "b");

        assertEquals(null, hooks.tokensSeen.get(0));
        assertEquals(null, hooks.tokensSeen.get(1));
    }
}
