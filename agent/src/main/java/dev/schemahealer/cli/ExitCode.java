package dev.schemahealer.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a command's exit code tells a pipeline; listed in {@code --help} and the README. */
enum ExitCode {
    OK(0, "every upgrade in the code is applied on every database", "done: every database has every upgrade"),
    FAILED(1, "a database could not be reached or its ledger not read (the others are still reported)",
            "a database could not be reached or an upgrade failed (the other databases are still done)"),
    USAGE(2, "bad usage: an unknown option or value, or --upgrades without any upgrade", null),
    PENDING(3, "some database has upgrades pending", null);

    final int code;
    private final String status;
    private final String apply;

    ExitCode(int code, String status, String apply) {
        this.code = code;
        this.status = status;
        this.apply = apply;
    }

    /** For {@code status --help}. */
    static Map<String, String> statusHelp() {
        Map<String, String> help = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            help.put(Integer.toString(c.code), c.status);
        }
        return help;
    }

    /** For {@code apply --help}: apply never leaves anything pending, so no 3. */
    static Map<String, String> applyHelp() {
        Map<String, String> help = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            if (c != PENDING) {
                help.put(Integer.toString(c.code), c.apply == null ? c.status : c.apply);
            }
        }
        return help;
    }

    /** For the top-level {@code --help}. */
    static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            help.put(Integer.toString(c.code), c.apply == null ? (c == PENDING ? "status: " : "") + c.status
                    : "status: " + c.status + "; apply: " + c.apply);
        }
        return help;
    }
}
