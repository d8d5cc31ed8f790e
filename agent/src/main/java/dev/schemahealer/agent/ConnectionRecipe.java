package dev.schemahealer.agent;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an application connection was opened: the driver, the URL the application gave it (not the
 * URL its metadata reports: a Connector/J replication connection reports an internal load-balanced
 * one) and the properties. {@link #forHeal} turns it into the recipe of a heal connection.
 */
record ConnectionRecipe(Driver driver, String url, Properties properties) {

    /**
     * Options that would break a heal: timeouts shorter than a DDL, read-only sessions, routing to
     * a replica. Everything else stays, TLS and authentication above all. Lower case.
     */
    private static final Set<String> DROPPED = Set.of(
            // pgjdbc
            "sockettimeout", "readonly", "readonlymode", "targetservertype", "loadbalancehosts");
    /** Session settings inside pgjdbc {@code options} or MySQL {@code sessionVariables} that would break a heal. */
    private static final Pattern DROPPED_SETTING = Pattern.compile(
            "(?i)(statement_timeout|lock_timeout|idle_in_transaction_session_timeout|default_transaction_read_only"
                    + "|transaction_read_only|tx_read_only|max_execution_time|max_statement_time|wait_timeout"
                    + "|net_read_timeout|net_write_timeout)");

    /**
     * The heal connection's recipe: the application's without {@link #DROPPED} options (in the URL
     * and in the properties), and PostgreSQL multi-host URLs sent to the primary.
     *
     * @param ddlUrl      {@code ddl.url}, or {@code null} for the application's URL
     * @param ddlUser     {@code ddl.user}, or {@code null} for the application's credentials
     * @param ddlPassword {@code ddl.password}
     */
    ConnectionRecipe forHeal(String ddlUrl, String ddlUser, String ddlPassword) {
        String u = stripUrl(ddlUrl != null ? ddlUrl : url);
        Properties p = new Properties();
        for (String name : properties.stringPropertyNames()) {
            String key = name.toLowerCase(Locale.ROOT);
            if (DROPPED.contains(key)) {
                continue;
            }
            String value = properties.getProperty(name);
            if (key.equals("options") || key.equals("sessionvariables")) {
                value = stripSettings(value);
                if (value.isBlank()) {
                    continue;
                }
            }
            p.setProperty(name, value);
        }
        if (u.startsWith("jdbc:postgresql:") && hosts(u) > 1) {
            p.setProperty("targetServerType", "primary");
        }
        if (ddlUser != null) {
            p.setProperty("user", ddlUser);
            p.setProperty("password", ddlPassword == null ? "" : ddlPassword);
        }
        return new ConnectionRecipe(driver, u, p);
    }

    Connection open() throws SQLException {
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("driver " + driver.getClass().getName() + " does not accept " + Secrets.maskUrl(url));
        }
        return c;
    }

    /** Removes the dropped options from a URL's query part. */
    static String stripUrl(String url) {
        return mapParams(url, (key, pair) -> {
            if (DROPPED.contains(key)) {
                return null;
            }
            int eq = pair.indexOf('=');
            if (eq >= 0 && (key.equals("options") || key.equals("sessionvariables"))) {
                String value = stripSettings(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                return value.isBlank() ? null : pair.substring(0, eq + 1) + URLEncoder.encode(value, StandardCharsets.UTF_8);
            }
            return pair;
        });
    }

    /** {@code url} without the query parameters named (lower case) in {@code names}. */
    static String withoutParams(String url, Set<String> names) {
        return mapParams(url, (key, pair) -> names.contains(key) ? null : pair);
    }

    /** Rewrites each {@code key=value} of the query part ({@code null}: drop it); the key is given lower case. */
    private static String mapParams(String url, BiFunction<String, String, String> map) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String mapped = pair.isEmpty() ? null : map.apply((eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT), pair);
            if (mapped != null) {
                kept.append(kept.length() == 0 ? "" : "&").append(mapped);
            }
        }
        return kept.length() == 0 ? url.substring(0, q) : url.substring(0, q + 1) + kept;
    }

    /**
     * Drops the breaking settings from pgjdbc {@code options} ({@code -c statement_timeout=5s -c x=y})
     * or MySQL {@code sessionVariables} ({@code max_execution_time=1000,sql_mode='...'}).
     */
    static String stripSettings(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains("-c") || value.contains("--")) {
            // pgjdbc options: "-c name=value" or "--name=value", separated by spaces.
            StringBuilder kept = new StringBuilder();
            String[] parts = value.trim().split("\\s+");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                String setting = part;
                if (part.equals("-c") && i + 1 < parts.length) {
                    setting = parts[++i];
                    part = "-c " + setting;
                }
                if (!isDropped(setting.replaceFirst("^--", ""))) {
                    kept.append(kept.length() == 0 ? "" : " ").append(part);
                }
            }
            return kept.toString();
        }
        StringBuilder kept = new StringBuilder();
        for (String setting : value.split(",")) {
            if (!setting.isBlank() && !isDropped(setting.trim())) {
                kept.append(kept.length() == 0 ? "" : ",").append(setting.trim());
            }
        }
        return kept.toString();
    }

    private static boolean isDropped(String assignment) {
        int eq = assignment.indexOf('=');
        String name = (eq < 0 ? assignment : assignment.substring(0, eq)).trim().replaceFirst("^@@?(session\\.)?", "");
        Matcher m = DROPPED_SETTING.matcher(name);
        return m.matches();
    }

    private static int hosts(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int end = rest.indexOf('/');
        return (end < 0 ? rest : rest.substring(0, end)).split(",").length;
    }

    /** The URL and the properties, every secret masked; a record's own toString would print the passwords. */
    @Override
    public String toString() {
        return properties.isEmpty() ? Secrets.maskUrl(url) : Secrets.maskUrl(url) + " " + Secrets.maskProperties(properties);
    }
}
