package dev.schemahealer.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point ({@code premain}) and the dynamic-attach one ({@code agentmain}).
 *
 * <p>Nothing here may stop the application: a bad option or any failure logs one line and returns.
 * This class touches no other agent class before the bootstrap bridge is in place; the rest of
 * start-up lives in {@link DriverClassTransformer} ({@code premain}) and {@link AgentInstaller}
 * ({@code attach}) for that reason. {@code premain} loads no Byte Buddy class.
 */
public final class SchemaHealerAgent {

    private static volatile boolean installed;

    private SchemaHealerAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attach) {
        if (installed) {
            Log.toStandardError(Log.Level.WARN, "agent already installed in this JVM; ignoring the second start", null);
            return;
        }
        try {
            AgentOptions options = AgentOptions.parse(args, System.getProperties(), System.getenv());
            if (options.mode() == AgentOptions.Mode.OFF) {
                Log.toStandardError(Log.Level.INFO, "agent is off (mode=off)", null);
                return;
            }
            BootstrapBridge.inject(inst);
            if (attach) {
                AgentInstaller.attach(inst, options);
            } else {
                DriverClassTransformer.install(inst, options);
            }
            installed = true;
            Log.toStandardError(Log.Level.INFO, "agent active: " + options, null);
        } catch (IllegalArgumentException e) {
            Log.toStandardError(Log.Level.ERROR, e.getMessage() + "; the application runs without schemahealer", null);
        } catch (Throwable t) {
            Log.toStandardError(Log.Level.ERROR, "agent could not start; the application runs without schemahealer", t);
        }
    }
}
