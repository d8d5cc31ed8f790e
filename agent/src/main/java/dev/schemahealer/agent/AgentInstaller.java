package dev.schemahealer.agent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaving after a dynamic {@code attach}: installs the healer behind the bridge and Byte Buddy's
 * agent builder, which retransforms the driver classes already loaded and weaves the ones loaded
 * later (the advice classes of {@link StatementInstrumentation} and its siblings).
 *
 * <p>{@code premain} never loads this class: {@link DriverClassTransformer} installs the healer
 * with the first driver class and {@link HookWeaver} (ASM alone, the table in {@link HookPoints})
 * weaves classes as they load. Loading and running Byte Buddy costs seconds of CPU and tens of MiB,
 * which a JVM already running pays once, at attach.
 */
final class AgentInstaller {

    private AgentInstaller() {
    }

    static void attach(Instrumentation inst, AgentOptions options) {
        Hooks.install(new Healer(options));
        agentBuilder().with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(inst);
    }

    private static AgentBuilder agentBuilder() {
        ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
        AgentBuilder.Transformer.ForAdvice statement = new AgentBuilder.Transformer.ForAdvice()
                .include(agentLoader)
                .advice(StatementInstrumentation.methods(), StatementInstrumentation.ExecuteAdvice.class.getName())
                .advice(StatementInstrumentation.batchMethods(), StatementInstrumentation.BatchAheadAdvice.class.getName())
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
                // Name-based and first (DriverClassTransformer checks the same names at premain):
                // everything but the supported drivers is skipped
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
                .type(shapeMayChange(FieldInjector.STATEMENT)).and(topmost(FieldInjector.STATEMENT))
                .transform((builder, type, loader, module, domain) -> builder.visit(visitor(FieldInjector.STATEMENT)))
                .type(shapeMayChange(FieldInjector.CONNECTION)).and(topmost(FieldInjector.CONNECTION))
                .transform((builder, type, loader, module, domain) -> builder.visit(visitor(FieldInjector.CONNECTION)));
    }

    /** The driver classes to give the field: topmost in their JDBC hierarchy. */
    static ElementMatcher<TypeDescription> topmost(FieldInjector injector) {
        ElementMatcher<TypeDescription> jdbcType = hasSuperType(named(injector.jdbcInterface));
        return type -> {
            if (type.isInterface() || !jdbcType.matches(type)) {
                return false;
            }
            TypeDescription.Generic superClass = type.getSuperClass();
            return superClass == null || !jdbcType.matches(superClass.asErasure());
        };
    }

    /**
     * Loaded for the first time, or retransformed after it took the field (a retransformation starts
     * from the original class file, so the field must be added again, identically).
     */
    private static AgentBuilder.RawMatcher shapeMayChange(FieldInjector injector) {
        return (type, loader, module, classBeingRedefined, domain) -> classBeingRedefined == null
                || Arrays.asList(classBeingRedefined.getInterfaces()).contains(injector.carrier);
    }

    private static AsmVisitorWrapper visitor(FieldInjector injector) {
        return new AsmVisitorWrapper.AbstractBase() {
            @Override
            public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                                     Implementation.Context implementationContext, TypePool typePool,
                                     FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                                     int writerFlags, int readerFlags) {
                return injector.wrap(classVisitor);
            }
        };
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
