package dev.schemahealer.bench;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The statement exit advice alone, no database, no agent: a method that returns normally, plain
 * and woven with the agent's {@code StatementInstrumentation.ExecuteAdvice} the way the agent weaves
 * driver statements.
 *
 * <p>Both the advice and Byte Buddy come from the agent jar as built
 * ({@code agent/target/schemahealer-agent.jar}, on the class path through benchmarks.jar's manifest),
 * where Byte Buddy is relocated to {@code dev.schemahealer.shaded.bytebuddy} and the advice's
 * annotations with it: only that Byte Buddy understands that advice class. Hence the reflection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdviceBenchmark {

    private static final String BB = "dev.schemahealer.shaded.bytebuddy.";
    private static final String ADVICE = "dev.schemahealer.agent.StatementInstrumentation$ExecuteAdvice";

    private StandIn plain;
    private StandIn woven;

    @Setup
    public void setUp() throws Exception {
        plain = new StandInStatement();
        Class<?> type = weave();
        woven = (StandIn) type.getDeclaredConstructor().newInstance();
    }

    /**
     * {@code new ByteBuddy().redefine(StandInStatement.class).name(...Woven)
     * .visit(Advice.to(ExecuteAdvice.class).on(named("executeQuery"))).make()
     * .load(loader, ClassLoadingStrategy.Default.WRAPPER).getLoaded()}: a copy of the stand-in under
     * another name (not a subclass), the same body, woven.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Class<?> weave() throws ReflectiveOperationException {
        ClassLoader loader = AdviceBenchmark.class.getClassLoader();
        Class<?> byteBuddy = type(BB + "ByteBuddy");
        Class<?> builder = type(BB + "dynamic.DynamicType$Builder");
        Class<?> advice = type(BB + "asm.Advice");
        Class<?> unloaded = type(BB + "dynamic.DynamicType$Unloaded");

        Object b = byteBuddy.getMethod("redefine", Class.class)
                .invoke(byteBuddy.getConstructor().newInstance(), StandInStatement.class);
        b = builder.getMethod("name", String.class).invoke(b, StandInStatement.class.getName() + "Woven");
        Object named = type(BB + "matcher.ElementMatchers").getMethod("named", String.class)
                .invoke(null, "executeQuery");
        Object wrapper = advice.getMethod("on", type(BB + "matcher.ElementMatcher"))
                .invoke(advice.getMethod("to", Class.class).invoke(null, type(ADVICE)), named);
        b = builder.getMethod("visit", type(BB + "asm.AsmVisitorWrapper")).invoke(b, wrapper);
        Object made = builder.getMethod("make").invoke(b);
        // The advice's failure branch calls the agent's bootstrap hooks: their name in the woven class
        // proves the advice is in it.
        byte[] bytes = (byte[]) type(BB + "dynamic.DynamicType").getMethod("getBytes").invoke(made);
        if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("dev/schemahealer/bootstrap/Hooks")) {
            throw new IllegalStateException("the stand-in was not woven: " + ADVICE + " left no trace in it");
        }
        Object strategy = Enum.valueOf((Class) type(BB + "dynamic.loading.ClassLoadingStrategy$Default"), "WRAPPER");
        Object loaded = unloaded.getMethod("load", ClassLoader.class, type(BB + "dynamic.loading.ClassLoadingStrategy"))
                .invoke(made, loader, strategy);
        return (Class<?>) type(BB + "dynamic.DynamicType$Loaded").getMethod("getLoaded").invoke(loaded);
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name, false, AdviceBenchmark.class.getClassLoader());
    }

    @Benchmark
    public Object plain() throws SQLException {
        return plain.executeQuery();
    }

    @Benchmark
    public Object woven() throws SQLException {
        return woven.executeQuery();
    }
}
