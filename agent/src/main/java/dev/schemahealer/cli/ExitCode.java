package dev.schemahealer.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a command's exit code tells a pipeline; listed in {@code --help} and the README. */
enum ExitCode {
    OK(0, "status: every upgrade in the code is applied on every database; apply: done"),
    FAILED(1, "a database could not be reached, its ledger not read, or an upgrade failed (the others are still"
            + " reported and applied)"),
    USAGE(2, "bad usage: an unknown option or value, or --upgrades without any upgrade"),
    PENDING(3, "status: some database has upgrades pending");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** For {@code --help}. */
    static Map<String, String> help(ExitCode... codes) {
        Map<String, String> help = new LinkedHashMap<>();
        for (ExitCode c : codes) {
            help.put(Integer.toString(c.code), c.meaning);
        }
        return help;
    }
}
