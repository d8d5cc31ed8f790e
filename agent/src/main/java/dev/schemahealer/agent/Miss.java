package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaObject;
import java.util.Locale;

/**
 * A statement failed because the schema lacks something: the error code, and the missing object
 * as far as the message names it.
 *
 * @param code    the engine's code: PostgreSQL SQLState ({@code 42703}) or MySQL error number ({@code 1054})
 * @param kind    what is missing
 * @param table   the table the error names, lower case and unqualified; for columns it may be an
 *                alias ({@code u.phone}); {@code null} when the error names none
 * @param name    the missing object's name, lower case and unqualified; {@code null} when the message
 *                could not be read (a server with localized messages)
 */
record Miss(String code, SchemaObject.Kind kind, String table, String name) {

    /** The code of a miss seen by {@code ResultSet.findColumn}, where no error code exists. */
    static final String LOOKUP = "lookup";
    /** The code of a heal ahead of a unit that cannot run again; no statement failed. */
    static final String AHEAD = "ahead";

    /** Not a miss: pending upgrades applied before a {@code unit} ("transaction", "batch") starts. */
    static Miss ahead(String unit) {
        return new Miss(AHEAD, SchemaObject.Kind.TABLE, null, unit);
    }

    /** A column the application asked a result set for by label. */
    static Miss lookup(String column) {
        return new Miss(LOOKUP, SchemaObject.Kind.COLUMN, null, column);
    }

    /**
     * A failed lookup by label may be a typo or a probe for an optional column, not a schema miss:
     * it heals only what an upgrade names, never through a catch-all.
     */
    boolean exactOnly() {
        return LOOKUP.equals(code);
    }

    boolean nameKnown() {
        return name != null;
    }

    /** What the ledger and the logs say triggered a heal: code and object, never statement text. */
    String trigger() {
        if (AHEAD.equals(code)) {
            return "ahead of a " + name;
        }
        String what = kind.name().toLowerCase(Locale.ROOT);
        if (name == null) {
            return code + " " + what + " (name not readable)";
        }
        return code + " " + what + " " + (table == null ? name : table + "." + name);
    }

    @Override
    public String toString() {
        return trigger();
    }
}
