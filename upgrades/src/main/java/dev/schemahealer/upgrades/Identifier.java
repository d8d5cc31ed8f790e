package dev.schemahealer.upgrades;

import java.util.ArrayList;
import java.util.List;

/**
 * A possibly qualified name as an upgrade author writes it ({@code users}, {@code "Users"},
 * {@code sales.orders}), resolved to the exact catalog name by the engine's case rules, and
 * quoted for SQL.
 */
final class Identifier {

    private final Dialect dialect;
    /** Exact schema (PostgreSQL) or database (MySQL) name, or {@code null} for the current one. */
    final String schema;
    /** Exact object name as stored in the catalog. */
    final String name;

    private Identifier(Dialect dialect, String schema, String name) {
        this.dialect = dialect;
        this.schema = schema;
        this.name = name;
    }

    static Identifier parse(String raw, Dialect dialect) {
        List<String> parts = split(raw, dialect);
        if (parts.size() == 1) {
            return new Identifier(dialect, null, parts.get(0));
        }
        if (parts.size() == 2) {
            return new Identifier(dialect, parts.get(0), parts.get(1));
        }
        throw new IllegalArgumentException("not a name or schema.name: " + raw);
    }

    /** A single, unqualified name (a column or an index). */
    static String exact(String raw, Dialect dialect) {
        List<String> parts = split(raw, dialect);
        if (parts.size() != 1) {
            throw new IllegalArgumentException("a qualified name is not allowed here: " + raw);
        }
        return parts.get(0);
    }

    /** The quoted SQL form, qualified when a schema was given. */
    String sql() {
        return schema == null ? quote(name, dialect) : quote(schema, dialect) + "." + quote(name, dialect);
    }

    static String quote(String exactName, Dialect dialect) {
        String q = dialect == Dialect.POSTGRESQL ? "\"" : "`";
        return q + exactName.replace(q, q + q) + q;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    /**
     * PostgreSQL's folding of an unquoted name in a UTF-8 database: A-Z only, so {@code ÖlPreis}
     * is {@code Ölpreis} to the server, and must be to the helpers too.
     */
    private static String lowerAscii(String word) {
        StringBuilder folded = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    private static List<String> split(String raw, Dialect dialect) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty name");
        }
        List<String> parts = new ArrayList<>(2);
        String s = raw.trim();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            StringBuilder part = new StringBuilder();
            if (c == '"' || c == '`') {
                // Quoted: taken exactly; a doubled quote stands for one.
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unclosed quote in name: " + raw);
                    }
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < s.length() && s.charAt(i + 1) == c) {
                            part.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    part.append(d);
                    i++;
                }
                parts.add(part.toString());
            } else {
                while (i < s.length() && s.charAt(i) != '.') {
                    part.append(s.charAt(i++));
                }
                String word = part.toString().trim();
                if (word.isEmpty()) {
                    throw new IllegalArgumentException("empty part in name: " + raw);
                }
                // PostgreSQL folds unquoted names to lower case; MySQL keeps them as written.
                parts.add(dialect == Dialect.POSTGRESQL ? lowerAscii(word) : word);
            }
            if (i < s.length()) {
                if (s.charAt(i) != '.') {
                    throw new IllegalArgumentException("unexpected character after quoted name: " + raw);
                }
                i++;
                if (i == s.length()) {
                    throw new IllegalArgumentException("name ends with a dot: " + raw);
                }
            }
        }
        return parts;
    }
}
