package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.function.Supplier;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves the drivers and installs the healer behind the bridge.
 *
 * <p>At {@code premain} no driver is loaded yet: only {@link DriverClassTransformer}, a name check
 * per loaded class, is registered; the healer and Byte Buddy follow with the first driver class,
 * and nothing is retransformed. After {@code attach} the drivers are usually loaded already: the
 * agent builder is installed at once and retransforms them.
 */
final class AgentInstaller {

    enum Start { PREMAIN, ATTACH }

    private AgentInstaller() {
    }

    static void install(Instrumentation inst, AgentOptions options, Start start) {
        if (start == Start.ATTACH) {
            Hooks.install(new Healer(options));
            agentBuilder().with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(inst);
        } else {
            inst.addTransformer(new DriverClassTransformer(new OnFirstDriverClass(options)), false);
        }
    }

    private static AgentBuilder agentBuilder() {
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        AgentBuilder.Transformer.ForAdvice statement = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(StatementInstrumentation.methods(), StatementInstrumentation.ExecuteAdvice.class.getName())
                .advice(StatementInstrumentation.streamSetters(), StatementInstrumentation.StreamBoundAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice connection = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(ConnectionInstrumentation.prepareMethods(), ConnectionInstrumentation.PrepareAdvice.class.getName())
                .advice(ConnectionInstrumentation.endMethods(), ConnectionInstrumentation.TransactionEndAdvice.class.getName())
                .advice(ConnectionInstrumentation.autoCommitMethod(), ConnectionInstrumentation.AutoCommitAdvice.class.getName())
                .advice(ConnectionInstrumentation.setSchemaMethod(), ConnectionInstrumentation.SetSchemaAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice resultSet = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(ResultSetInstrumentation.methods(), ResultSetInstrumentation.FindColumnAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice driver = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(DriverInstrumentation.methods(), DriverInstrumentation.ConnectAdvice.class.getName())
                .advice(DriverInstrumentation.configurationMethods(),
                        DriverInstrumentation.ConfigurationConnectAdvice.class.getName());

        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorsOnly())
                // Name-based and first (DriverClassTransformer checks the same names before
                // premain's weaving even starts): everything but the supported drivers is skipped
                // without parsing its hierarchy. A pool's wrappers (HikariCP's proxies) are skipped
                // on purpose: only the driver's own statement handles a failure, never both.
                .ignore(not(nameStartsWith("org.postgresql.")
                        .or(nameStartsWith("com.mysql.cj."))
                        .or(nameStartsWith("org.mariadb.jdbc."))))
                .type(StatementInstrumentation.types()).transform(statement)
                .type(ConnectionInstrumentation.types()).transform(connection)
                .type(ResultSetInstrumentation.types()).transform(resultSet)
                .type(DriverInstrumentation.types()).transform(driver)
                // The fields behind VirtualField, where a class can still take one (see FieldInjector).
                .type(FieldInjector.STATEMENT.shapeMayChange()).and(FieldInjector.STATEMENT.types())
                .transform((builder, type, loader, module, domain) -> builder.visit(FieldInjector.STATEMENT))
                .type(FieldInjector.CONNECTION.shapeMayChange()).and(FieldInjector.CONNECTION.types())
                .transform((builder, type, loader, module, domain) -> builder.visit(FieldInjector.CONNECTION));
    }

    /** The first driver class installs the healer behind the bridge, then the agent builder weaves it. */
    private static final class OnFirstDriverClass implements Supplier<ClassFileTransformer> {
        private final AgentOptions options;

        OnFirstDriverClass(AgentOptions options) {
            this.options = options;
        }

        @Override
        public ClassFileTransformer get() {
            Hooks.install(new Healer(options));
            return agentBuilder().makeRaw();
        }
    }

    /** Logs transformation errors only: those explain a driver that is not healed. */
    private static final class ErrorsOnly extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable t) {
            // Standard error: this runs inside class loading, no place to initialise the application's logging.
            Log.toStandardError(Log.Level.WARN, "could not instrument " + typeName + "; it is not healed", t);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (Log.debugEnabled()) {
                Log.toStandardError(Log.Level.DEBUG, "instrumented " + type.getName(), null);
            }
        }
    }
}
