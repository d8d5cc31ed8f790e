package dev.schemahealer.agent;

import dev.schemahealer.bootstrap.Hooks;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.List;

/**
 * The healing engine without instrumentation, for code that calls the {@link Hooks} itself where
 * the woven advice would (the testkit's JDBC wrapper). Nothing is woven: only the connections
 * that such code wraps are healed, by the same engine, with the same options as the agent.
 */
public final class InProcessEngine {

    private InProcessEngine() {
    }

    /**
     * Installs an engine behind {@link Hooks}, with the options of the {@code schemahealer.*}
     * system properties and {@code SCHEMAHEALER_*} environment variables, unless one is installed
     * already (the agent's, or an earlier call's).
     *
     * @throws IllegalArgumentException for a bad option, naming it
     */
    public static synchronized void install() {
        if (!Hooks.isInstalled()) {
            Hooks.install(new Healer(AgentOptions.parse(null, System.getProperties(), System.getenv())));
        }
    }

    /**
     * What a heal of {@code upgrade} applies on a database where none of {@code upgrades} is
     * applied: what it requires ({@code requires()} and what the engine infers from {@code heals()}),
     * transitively, and the upgrade itself, in the order a heal runs them; empty when a requirement
     * is not among {@code upgrades}.
     */
    public static List<SchemaUpgrade> planFor(SchemaUpgrade upgrade, List<SchemaUpgrade> upgrades) {
        return UpgradeSelector.plan(upgrade, upgrades);
    }

    /**
     * Whether the agent runs in this JVM ({@code -javaagent} or attach): it weaves the JDBC drivers,
     * which then heal by themselves. Its engine may not be installed yet (that waits for the first
     * driver class), but the agent defined the bridge in the bootstrap loader at its start; without
     * the agent the bridge comes from the class path.
     */
    public static boolean agentActive() {
        return Hooks.class.getClassLoader() == null;
    }
}
