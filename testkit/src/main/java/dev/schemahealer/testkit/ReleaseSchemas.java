package dev.schemahealer.testkit;

import dev.schemahealer.testing.Engine;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schemas a test class's {@link HealingTest}s start from and compare with. Script names are
 * class-path resources; {@code {dialect}} in them becomes {@code postgresql} or {@code mysql}.
 * Embedded engines by default; {@code SCHEMAHEALER_TEST_PG_URL} / {@code SCHEMAHEALER_TEST_MYSQL_URL}
 * (with {@code _USER}, {@code _PASSWORD}) name running servers instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ReleaseSchemas {

    /** The previous release's schema: what production has when the new code arrives. */
    String previous();

    /** The current release's full schema, what a fresh install runs; needed by {@code assertUpgradesReproduceCurrentSchema}. */
    String current() default "";

    /** The engines each test runs on. */
    Engine[] engines() default {Engine.POSTGRESQL, Engine.MYSQL};
}
