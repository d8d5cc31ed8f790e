package dev.schemahealer.agent;

import dev.schemahealer.bootstrap.Hooks;

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

    /** Whether the agent wove the JDBC drivers of this JVM ({@code -javaagent} or attach): they heal by themselves. */
    public static boolean agentActive() {
        // The agent defines the bridge in the bootstrap loader; without it, the class comes from the class path.
        return Hooks.class.getClassLoader() == null && Hooks.isInstalled();
    }
}
