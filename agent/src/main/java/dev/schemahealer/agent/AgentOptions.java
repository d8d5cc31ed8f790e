package dev.schemahealer.agent;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The agent's options. Each key comes from the agent argument ({@code key=value,key=value}), else
 * the system property {@code schemahealer.<key>}, else the environment variable
 * {@code SCHEMAHEALER_<KEY>} (upper case, dots as underscores).
 *
 * <p>{@link #parse} rejects anything it does not understand with an {@link IllegalArgumentException}
 * whose message names the key, the value and what is allowed: the agent logs that one line and the
 * application starts without the agent.
 */
public final class AgentOptions {

    public enum Mode {
        /** Heal misses and retry. */
        HEAL,
        /** Log what would run, run nothing, rethrow. */
        OBSERVE,
        /** Do nothing at all. */
        OFF
    }

    static final String MODE = "mode";
    static final String UPGRADES = "upgrades";
    static final String LEDGER_TABLE = "ledger.table";
    static final String LOCK_WAIT = "lock.wait";
    static final String DDL_LOCK_TIMEOUT = "ddl.lockTimeout";
    static final String DDL_USER = "ddl.user";
    static final String DDL_PASSWORD = "ddl.password";
    static final String DDL_PASSWORD_ENV = "ddl.passwordEnv";
    static final String DDL_PASSWORD_FILE = "ddl.passwordFile";
    static final String DDL_URL = "ddl.url";
    static final String HEAL_WAIT = "heal.wait";
    static final String HEAL_AHEAD = "heal.ahead";

    private static final List<String> KEYS = List.of(MODE, UPGRADES, LEDGER_TABLE, LOCK_WAIT, DDL_LOCK_TIMEOUT, DDL_USER,
            DDL_PASSWORD, DDL_PASSWORD_ENV, DDL_PASSWORD_FILE, DDL_URL, HEAL_WAIT, HEAL_AHEAD);
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern QUALIFIED_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*");

    private final Mode mode;
    private final List<Path> upgrades;
    private final String ledgerTable;
    private final Duration lockWait;
    private final Duration ddlLockTimeout;
    private final String ddlUser;
    private final String ddlPassword;
    private final String ddlUrl;
    private final Duration healWait;
    private final boolean healAhead;

    private AgentOptions(Mode mode, List<Path> upgrades, String ledgerTable, Duration lockWait, Duration ddlLockTimeout,
                         String ddlUser, String ddlPassword, String ddlUrl, Duration healWait, boolean healAhead) {
        this.ddlUrl = ddlUrl;
        this.mode = mode;
        this.upgrades = List.copyOf(upgrades);
        this.ledgerTable = ledgerTable;
        this.lockWait = lockWait;
        this.ddlLockTimeout = ddlLockTimeout;
        this.ddlUser = ddlUser;
        this.ddlPassword = ddlPassword;
        this.healWait = healWait;
        this.healAhead = healAhead;
    }

    public static AgentOptions defaults() {
        return parse(null, new Properties(), Map.of());
    }

    /** Options from the three sources, agent arguments first. */
    public static AgentOptions parse(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        Map<String, String> args = parseArgs(agentArgs);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = args.get(key);
            if (value == null) {
                value = systemProperties.getProperty("schemahealer." + key);
            }
            if (value == null) {
                value = environment.get(envName(key));
            }
            if (value != null) {
                values.put(key, value.trim());
            }
        }
        Mode mode = parseMode(values.getOrDefault(MODE, "heal"));
        List<Path> upgrades = parsePaths(values.get(UPGRADES));
        String ledgerTable = values.getOrDefault(LEDGER_TABLE, "schemahealer_history");
        if (QUALIFIED_TABLE.matcher(ledgerTable).matches()) {
            // One table for every schema or database the application heals would record tenant A's
            // upgrades as applied for tenant B, whose statements would then fail forever.
            throw bad(LEDGER_TABLE, ledgerTable, "an unqualified table name: the ledger lives in each schema"
                    + " (PostgreSQL) or database (MySQL) a heal changes, so that each tenant has its own");
        }
        if (!TABLE.matcher(ledgerTable).matches()) {
            throw bad(LEDGER_TABLE, ledgerTable, "a table name of letters, digits and underscores");
        }
        Duration lockWait = parseDuration(LOCK_WAIT, values.getOrDefault(LOCK_WAIT, "30s"), Duration.ofHours(1));
        Duration ddlLockTimeout =
                parseDuration(DDL_LOCK_TIMEOUT, values.getOrDefault(DDL_LOCK_TIMEOUT, "1s"), Duration.ofMinutes(10));
        String ddlUser = emptyToNull(values.get(DDL_USER));
        String ddlPassword = ddlPassword(values, environment, ddlUser);
        String ddlUrl = emptyToNull(values.get(DDL_URL));
        if (ddlUrl != null && !ddlUrl.startsWith("jdbc:")) {
            throw bad(DDL_URL, Secrets.maskUrl(ddlUrl), "a JDBC URL (jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb:)");
        }
        Duration healWait = parseDuration(HEAL_WAIT, values.getOrDefault(HEAL_WAIT, "5s"), Duration.ofMinutes(1));
        boolean healAhead = parseOnOff(HEAL_AHEAD, values.getOrDefault(HEAL_AHEAD, "on"));
        return new AgentOptions(mode, upgrades, ledgerTable, lockWait, ddlLockTimeout, ddlUser, ddlPassword, ddlUrl,
                healWait, healAhead);
    }

    /**
     * The heal connection's password: {@code ddl.password} itself, or read once at start from the
     * environment variable {@code ddl.passwordEnv} names or the file {@code ddl.passwordFile} names,
     * which neither {@code ps} nor JMX shows. At most one of the three; a variable that is not set or
     * a file that cannot be read stops the agent (one line), never a heal with a wrong password.
     */
    private static String ddlPassword(Map<String, String> values, Map<String, String> environment, String ddlUser) {
        List<String> given = new ArrayList<>();
        for (String key : List.of(DDL_PASSWORD, DDL_PASSWORD_ENV, DDL_PASSWORD_FILE)) {
            if (values.containsKey(key)) {
                given.add(key);
            }
        }
        if (given.isEmpty()) {
            return null;
        }
        String key = given.get(0);
        String shown = key.equals(DDL_PASSWORD) ? "****" : values.get(key);
        if (given.size() > 1) {
            throw new IllegalArgumentException("agent options " + String.join(", ", given)
                    + " each give the upgrade connection's password: keep one");
        }
        if (ddlUser == null) {
            throw bad(key, shown, "set together with ddl.user");
        }
        try {
            return switch (key) {
                case DDL_PASSWORD_ENV -> Secrets.passwordFromEnvironment(values.get(key), environment);
                case DDL_PASSWORD_FILE -> Secrets.passwordFromFile(Path.of(values.get(key)));
                default -> values.get(key);
            };
        } catch (IllegalArgumentException e) { // InvalidPathException too
            throw bad(key, shown, (key.equals(DDL_PASSWORD_ENV) ? "an environment variable" : "a readable file")
                    + " that holds the password (" + e.getMessage() + ")");
        }
    }

    /** {@code ddl.lockTimeout} becomes {@code SCHEMAHEALER_DDL_LOCKTIMEOUT}. */
    static String envName(String key) {
        return "SCHEMAHEALER_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> parseArgs(String agentArgs) {
        Map<String, String> args = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return args;
        }
        for (String pair : agentArgs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("agent argument '" + pair.trim() + "' is not key=value; keys: " + KEYS);
            }
            String key = pair.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown agent option '" + key + "'; known options: " + KEYS);
            }
            args.put(key, pair.substring(eq + 1));
        }
        return args;
    }

    private static Mode parseMode(String value) {
        try {
            return Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(MODE, value, "heal, observe or off");
        }
    }

    private static boolean parseOnOff(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw bad(key, value, "on or off");
        };
    }

    private static List<Path> parsePaths(String value) {
        List<Path> paths = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return paths;
        }
        for (String part : value.split(Pattern.quote(File.pathSeparator))) {
            if (part.isBlank()) {
                continue;
            }
            Path path = Path.of(part.trim());
            if (!path.toFile().exists()) {
                throw bad(UPGRADES, part, "existing jars or folders separated by '" + File.pathSeparator + "'");
            }
            paths.add(path);
        }
        return paths;
    }

    static Duration parseDuration(String key, String value, Duration max) {
        try {
            return Durations.parse(value, max);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, e.getMessage().substring("expected ".length()));
        }
    }

    private static IllegalArgumentException bad(String key, String value, String allowed) {
        return new IllegalArgumentException("agent option " + key + "=" + value + " is invalid: expected " + allowed);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public Mode mode() {
        return mode;
    }

    public List<Path> upgrades() {
        return upgrades;
    }

    public String ledgerTable() {
        return ledgerTable;
    }

    public Duration lockWait() {
        return lockWait;
    }

    public Duration ddlLockTimeout() {
        return ddlLockTimeout;
    }

    /** {@code null}: the application's own credentials. */
    public String ddlUser() {
        return ddlUser;
    }

    public String ddlPassword() {
        return ddlPassword;
    }

    /** {@code null}: the failing connection's URL. */
    public String ddlUrl() {
        return ddlUrl;
    }

    /** The longest a request thread waits for a heal; the heal itself goes on, on the agent's thread. */
    public Duration healWait() {
        return healWait;
    }

    /** Whether a database's pending upgrades are applied before a transaction or an autocommit batch starts there. */
    public boolean healAhead() {
        return healAhead;
    }

    @Override
    public String toString() {
        return "mode=" + mode.name().toLowerCase(Locale.ROOT) + ", upgrades=" + upgrades + ", ledger.table=" + ledgerTable
                + ", lock.wait=" + Durations.format(lockWait) + ", ddl.lockTimeout=" + Durations.format(ddlLockTimeout)
                + ", heal.wait=" + Durations.format(healWait) + ", heal.ahead=" + (healAhead ? "on" : "off")
                + (ddlUser == null ? "" : ", ddl.user=" + ddlUser + ", ddl.password=****")
                + (ddlUrl == null ? "" : ", ddl.url=" + Secrets.maskUrl(ddlUrl));
    }
}
