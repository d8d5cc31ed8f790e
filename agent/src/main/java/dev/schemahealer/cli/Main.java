package dev.schemahealer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code java -jar schemahealer-agent.jar COMMAND [options]}. */
@Command(name = "schemahealer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Inspect and apply schemahealer upgrades.",
        subcommands = {StatusCommand.class, ApplyCommand.class, AttachCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (see {@link ExitCode}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.help());
        cli.getSubcommands().get("status").getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.statusHelp());
        cli.getSubcommands().get("apply").getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.applyHelp());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Stack traces only with --verbose: a person needs the message and what to do about it.
            commandLine.getErr().println("schemahealer " + commandLine.getCommandName() + ": " + Errors.describe(e));
            if (parseResult.hasMatchedOption("--verbose") || Boolean.getBoolean("schemahealer.debug")) {
                Errors.printChain(e, commandLine.getErr());
            }
            commandLine.getErr().flush();
            return (e instanceof UsageError ? ExitCode.USAGE : ExitCode.FAILED).code;
        });
        return cli.execute(args);
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"schemahealer " + (v == null ? "(development build)" : v)};
        }
    }
}
