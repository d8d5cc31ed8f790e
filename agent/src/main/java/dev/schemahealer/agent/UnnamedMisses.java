package dev.schemahealer.agent;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Misses whose object the agent cannot name (a message in another language, a form it does not
 * know) heal nothing: healing on a guess could run an unrelated upgrade. Each code is logged once
 * per JVM, with what could not be read and how to fix it.
 */
final class UnnamedMisses {

    private static final int MAX_MESSAGE = 200;
    private static final Set<String> reported = ConcurrentHashMap.newKeySet();

    private UnnamedMisses() {
    }

    static void report(Miss miss, SQLException e) {
        if (!reported.add(miss.code())) {
            return;
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ');
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        Log.warn("a " + miss.code() + " error (" + miss.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " missing) names nothing the agent can read, so it heals nothing: \"" + message + "\". The agent reads"
                + " the engine's English messages: for PostgreSQL set lc_messages to an English locale (for example"
                + " 'C' or 'en_US.UTF-8') for the application's user; logged once per code");
    }
}
