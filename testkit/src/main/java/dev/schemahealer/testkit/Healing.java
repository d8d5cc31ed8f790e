package dev.schemahealer.testkit;

import dev.schemahealer.agent.InProcessEngine;

/** Who heals the connections a test gets: decided once per JVM. */
enum Healing {
    /**
     * The agent wove the drivers ({@code -javaagent}, or attached): connections heal by themselves
     * and are handed out as the driver made them.
     */
    AGENT,
    /** No agent: the engine runs in-process, behind the JDBC wrappers of {@link HealingJdbc}. */
    IN_PROCESS;

    private static volatile Healing current;

    static Healing current() {
        Healing h = current;
        if (h == null) {
            synchronized (Healing.class) {
                h = current;
                if (h == null) {
                    h = InProcessEngine.agentActive() ? AGENT : IN_PROCESS;
                    if (h == IN_PROCESS) {
                        InProcessEngine.install();
                    }
                    current = h;
                }
            }
        }
        return h;
    }
}
