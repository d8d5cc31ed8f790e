package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/** Weaves the drivers and installs the healer behind the bridge. */
final class AgentInstaller {

    private AgentInstaller() {
    }

    static void install(Instrumentation inst, AgentOptions options) {
        Hooks.install(new Healer(options));
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        AgentBuilder.Transformer.ForAdvice statement = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(StatementInstrumentation.methods(), StatementInstrumentation.ExecuteAdvice.class.getName())
                .advice(StatementInstrumentation.streamSetters(), StatementInstrumentation.StreamBoundAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice connection = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(ConnectionInstrumentation.endMethods(), ConnectionInstrumentation.TransactionEndAdvice.class.getName())
                .advice(ConnectionInstrumentation.autoCommitMethod(), ConnectionInstrumentation.AutoCommitAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice resultSet = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(ResultSetInstrumentation.methods(), ResultSetInstrumentation.FindColumnAdvice.class.getName());
        AgentBuilder.Transformer.ForAdvice driver = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(DriverInstrumentation.methods(), DriverInstrumentation.ConnectAdvice.class.getName());

        new AgentBuilder.Default()
                .disableClassFormatChanges()
                // Drivers loaded before a dynamic attach are woven too.
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new ErrorsOnly())
                // Name-based and first: everything but the supported drivers is skipped without
                // parsing its hierarchy. A pool's wrappers (HikariCP's proxies) are skipped on purpose:
                // only the driver's own statement handles a failure, never both.
                .ignore(not(nameStartsWith("org.postgresql.")
                        .or(nameStartsWith("com.mysql.cj."))
                        .or(nameStartsWith("org.mariadb.jdbc."))))
                .type(StatementInstrumentation.types()).transform(statement)
                .type(ConnectionInstrumentation.types()).transform(connection)
                .type(ResultSetInstrumentation.types()).transform(resultSet)
                .type(DriverInstrumentation.types()).transform(driver)
                .installOn(inst);
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
            if (Boolean.getBoolean("schemahealer.debug")) {
                Log.toStandardError(Log.Level.DEBUG, "instrumented " + type.getName(), null);
            }
        }
    }
}
