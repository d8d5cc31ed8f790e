package dev.schemahealer.sample.demo;

import java.util.Locale;

/** Small edits of JDBC URLs: the database of a MySQL URL, a parameter of any URL. */
final class JdbcUrls {

    private JdbcUrls() {
    }

    /** {@code jdbc:x://host:port/anything?params} with {@code anything} replaced by {@code database}. */
    static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int hosts = head.indexOf("//");
        if (hosts < 0) {
            throw new IllegalArgumentException("expected jdbc:<driver>://host[:port]/[database][?params], got " + url);
        }
        int slash = head.indexOf('/', hosts + 2);
        return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + query;
    }

    /** The URL with parameter {@code name} set to {@code value}, replacing an earlier value. */
    static String withParam(String url, String name, String value) {
        int q = url.indexOf('?');
        StringBuilder out = new StringBuilder(q < 0 ? url : url.substring(0, q));
        char separator = '?';
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (pair.isEmpty() || pair.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + "=")) {
                    continue;
                }
                out.append(separator).append(pair);
                separator = '&';
            }
        }
        return out.append(separator).append(name).append('=').append(value).toString();
    }

    /** The URL without its password parameter, for printing. */
    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
