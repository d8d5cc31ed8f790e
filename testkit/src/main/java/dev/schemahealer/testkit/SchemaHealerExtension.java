package dev.schemahealer.testkit;

import dev.schemahealer.agent.AgentOptions;
import dev.schemahealer.agent.UpgradeCatalog;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link HealingTest} once per engine of its class's {@link ReleaseSchemas}, each time with
 * a fresh database loaded with the previous schema, healing active, dropped after the test.
 */
public final class SchemaHealerExtension implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaHealerExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, HealingTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        ReleaseSchemas schemas = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ReleaseSchemas.class)
                .orElseThrow(() -> new ExtensionConfigurationException(context.getRequiredTestClass().getName()
                        + " has @HealingTest methods but no @ReleaseSchemas(previous = \"...\") naming the schema to start from"));
        if (schemas.engines().length == 0) {
            throw new ExtensionConfigurationException("@ReleaseSchemas(engines = {}) names no engine to run on");
        }
        return Arrays.stream(schemas.engines()).map(engine -> new Invocation(engine, schemas));
    }

    /** The upgrades registered in {@code META-INF/services} (and the {@code upgrades} option), in id order, as the engine finds them. */
    static List<SchemaUpgrade> registeredUpgrades(ClassLoader loader) {
        return new UpgradeCatalog(AgentOptions.parse(null, System.getProperties(), System.getenv()).upgrades())
                .upgrades(loader);
    }

    private record Invocation(Engine engine, ReleaseSchemas schemas) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return engine.name();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new DatabaseResolver(engine, schemas));
        }
    }

    private record DatabaseResolver(Engine engine, ReleaseSchemas schemas) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == HealingDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ClassLoader loader = context.getRequiredTestClass().getClassLoader();
            LazyDatabase database = new LazyDatabase(engine, Schemas.of(schemas, engine, loader));
            // Dropped when the test ends, pass or fail.
            context.getStore(NAMESPACE).put(LazyDatabase.class, database);
            return new HealingDatabase(engine, database, registeredUpgrades(loader), Healing.current());
        }
    }
}
