package dev.schemahealer.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

/** How the command line tells what went wrong: the message and each cause's, never a bare driver message. */
final class Errors {

    private Errors() {
    }

    /**
     * {@code The connection attempt failed. <- UnknownHostException: no-such-host}: drivers wrap the
     * telling cause (the unknown host, the refused port) in a generic message.
     */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(message(t));
        Set<Throwable> seen = new HashSet<>();
        seen.add(t);
        for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
            String m = message(c);
            if (!sb.toString().contains(m)) {
                sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(m);
            }
        }
        return sb.toString();
    }

    /** {@code --verbose}: the whole chain with stack traces. */
    static void printChain(Throwable t, PrintWriter err) {
        t.printStackTrace(err);
        err.flush();
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        // One line per error: Connector/J's messages span several.
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
