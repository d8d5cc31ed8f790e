package dev.schemahealer.upgrades;

import java.util.Locale;
import java.util.Objects;

/**
 * A database object that a statement can miss and an upgrade can heal.
 *
 * <p>Names are compared the way a person reads them: without quotes, without a schema or database
 * qualifier, and ignoring case. They only select upgrades; they are never put into SQL.
 */
public final class SchemaObject {

    /** What kind of object is missing. */
    public enum Kind {
        TABLE,
        COLUMN,
        FUNCTION,
        /** A NOT NULL column that the new code no longer writes; healed by dropping NOT NULL. */
        NULLABLE,
        /**
         * An index. No statement fails for want of one, so it never triggers a heal; declaring it
         * keeps the upgrade from being a catch-all, and it is applied in id order with the others.
         */
        INDEX
    }

    private final Kind kind;
    private final String table;
    private final String name;

    private SchemaObject(Kind kind, String table, String name) {
        this.kind = kind;
        this.table = table == null ? null : normalize(table);
        this.name = normalize(Objects.requireNonNull(name, "name"));
        if (this.name.isEmpty()) {
            throw new IllegalArgumentException("empty " + kind.name().toLowerCase(Locale.ROOT) + " name");
        }
    }

    public static SchemaObject table(String table) {
        return new SchemaObject(Kind.TABLE, null, table);
    }

    public static SchemaObject column(String table, String column) {
        return new SchemaObject(Kind.COLUMN, Objects.requireNonNull(table, "table"), column);
    }

    public static SchemaObject function(String function) {
        return new SchemaObject(Kind.FUNCTION, null, function);
    }

    /** A NOT NULL column that new code stops writing: the upgrade makes it nullable. */
    public static SchemaObject nullable(String table, String column) {
        return new SchemaObject(Kind.NULLABLE, Objects.requireNonNull(table, "table"), column);
    }

    /** An index the upgrade creates: never triggers a heal by itself (see {@link Kind#INDEX}). */
    public static SchemaObject index(String table, String index) {
        return new SchemaObject(Kind.INDEX, Objects.requireNonNull(table, "table"), index);
    }

    public Kind kind() {
        return kind;
    }

    /** The table of a column or index, lower case and unqualified; {@code null} for tables and functions. */
    public String table() {
        return table;
    }

    /** The object's own name (for a column, the column), lower case and unqualified. */
    public String name() {
        return name;
    }

    /** Lower case, unquoted, without schema or database qualifier. */
    static String normalize(String identifier) {
        String s = identifier.trim();
        int dot = lastUnquotedDot(s);
        if (dot >= 0) {
            s = s.substring(dot + 1);
        }
        if (s.length() >= 2) {
            char first = s.charAt(0);
            char last = s.charAt(s.length() - 1);
            if ((first == '"' && last == '"') || (first == '`' && last == '`')) {
                s = s.substring(1, s.length() - 1);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static int lastUnquotedDot(String s) {
        boolean quoted = false;
        int dot = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                dot = i;
            }
        }
        return dot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaObject other
                && other.kind == kind
                && Objects.equals(other.table, table)
                && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, table, name);
    }

    /** {@code column users.phone}, {@code table orders}, {@code function fn_total}, {@code nullable users.legacy_code}. */
    @Override
    public String toString() {
        String what = kind.name().toLowerCase(Locale.ROOT);
        return table == null ? what + " " + name : what + " " + table + "." + name;
    }
}
