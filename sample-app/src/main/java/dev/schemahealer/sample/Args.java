package dev.schemahealer.sample;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} command-line options, checked against the names a program knows. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    private Args() {
    }

    /**
     * @param withValue names that take a value
     * @param flags     names that take none
     * @throws IllegalArgumentException naming the unknown option or the missing value
     */
    public static Args parse(String[] args, Set<String> withValue, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                parsed.values.put(a, "true");
            } else if (withValue.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                parsed.values.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        return parsed;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public int intValue(String name, int fallback, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not " + raw);
    }

    /** The value of the environment variable named by option {@code name}, "" when it is unset. */
    public String secretFromEnv(String name) {
        String variable = values.get(name);
        if (variable == null) {
            return "";
        }
        String secret = System.getenv(variable);
        return secret == null ? "" : secret;
    }
}
