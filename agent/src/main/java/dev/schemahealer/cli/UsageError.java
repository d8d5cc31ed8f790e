package dev.schemahealer.cli;

/** A command line that cannot work as given: one line saying what to change; exit code 2. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
