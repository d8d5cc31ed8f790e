package dev.schemahealer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar schemahealer-agent.jar COMMAND [options]}. */
@Command(name = "schemahealer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Inspect and apply schemahealer upgrades.",
        subcommands = {StatusCommand.class, ApplyCommand.class, AttachCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code: 0 success, 1 the command failed, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Stack traces only in debug: a person needs the message and what to do about it.
            commandLine.getErr().println("schemahealer " + commandLine.getCommandName() + ": " + e.getMessage());
            if (Boolean.getBoolean("schemahealer.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"schemahealer " + (v == null ? "(development build)" : v)};
        }
    }
}
