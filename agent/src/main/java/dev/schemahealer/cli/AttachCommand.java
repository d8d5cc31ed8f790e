package dev.schemahealer.cli;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Loads the agent into a running JVM. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load the agent into a running JVM (drivers already loaded are instrumented too).",
                "On Java 21 and later the JVM prints a warning about a dynamically loaded agent unless it was started"
                        + " with -XX:+EnableDynamicAgentLoading; the agent works either way."})
final class AttachCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PID", description = "The process id of the JVM.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS",
            description = "Agent options, as after -javaagent:...jar= (key=value,key=value).")
    String options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        File jar = Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile();
        if (!jar.isFile()) {
            throw new IllegalStateException("attach runs from the agent jar (java -jar schemahealer-agent.jar attach ...)");
        }
        VirtualMachine vm = VirtualMachine.attach(pid);
        String version;
        try {
            version = vm.getSystemProperties().getProperty("java.specification.version", "");
            vm.loadAgent(jar.getAbsolutePath(), options);
        } finally {
            vm.detach();
        }
        spec.commandLine().getOut().println("schemahealer agent loaded into JVM " + pid);
        if (Runtime.Version.parse(version.isEmpty() ? "17" : version).feature() >= 21) {
            spec.commandLine().getOut().println("(Java " + version + " prints a warning about a dynamically loaded agent"
                    + " in that JVM's output unless it was started with -XX:+EnableDynamicAgentLoading)");
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
