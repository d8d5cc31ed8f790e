package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaObject.Kind;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether an exception is a schema miss. Error codes decide; the message is read only to
 * name the missing object, and only to pick upgrades (the name never goes into SQL).
 */
final class MissClassifier {

    /** PostgreSQL SQLStates that mean a schema miss. */
    enum PgState {
        UNDEFINED_COLUMN("42703", Kind.COLUMN),
        UNDEFINED_TABLE("42P01", Kind.TABLE),
        UNDEFINED_FUNCTION("42883", Kind.FUNCTION),
        /** Only a miss when an upgrade declares the column nullable. */
        NOT_NULL_VIOLATION("23502", Kind.NULLABLE);

        final String state;
        final Kind kind;

        PgState(String state, Kind kind) {
            this.state = state;
            this.kind = kind;
        }

        static PgState of(String sqlState) {
            for (PgState s : values()) {
                if (s.state.equals(sqlState)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** MySQL and MariaDB error numbers that mean a schema miss. */
    enum MysqlError {
        BAD_FIELD_ERROR(1054, Kind.COLUMN),
        NO_SUCH_TABLE(1146, Kind.TABLE),
        SP_DOES_NOT_EXIST(1305, Kind.FUNCTION),
        /** "Field 'x' doesn't have a default value": only a miss when an upgrade declares it nullable. */
        NO_DEFAULT_FOR_FIELD(1364, Kind.NULLABLE),
        /** "Column 'x' cannot be null": likewise. */
        BAD_NULL_ERROR(1048, Kind.NULLABLE);

        final int code;
        final Kind kind;

        MysqlError(int code, Kind kind) {
            this.code = code;
            this.kind = kind;
        }

        static MysqlError of(int code) {
            for (MysqlError e : values()) {
                if (e.code == code) {
                    return e;
                }
            }
            return null;
        }
    }

    // An identifier in a message: "quoted" (with "" escapes) or bare.
    private static final String ID = "(?:\"(?:[^\"]|\"\")+\"|[^\\s\"().,]+)";
    private static final Pattern PG_COLUMN_OF_RELATION =
            Pattern.compile("column (" + ID + ") of relation (" + ID + ") does not exist");
    private static final Pattern PG_COLUMN =
            Pattern.compile("column ((?:" + ID + "\\.){0,3}" + ID + ") does not exist");
    private static final Pattern PG_RELATION =
            Pattern.compile("relation ((?:" + ID + "\\.){0,2}" + ID + ") does not exist");
    private static final Pattern PG_FUNCTION =
            Pattern.compile("(?:function|procedure) ((?:" + ID + "\\.){0,2}" + ID + ")\\(.*\\) does not exist");
    private static final Pattern PG_NOT_NULL =
            Pattern.compile("null value in column (" + ID + ")(?: of relation (" + ID + "))? violates not-null constraint");
    private static final Pattern MYSQL_COLUMN = Pattern.compile("Unknown column '([^']+)' in ");
    private static final Pattern MYSQL_TABLE = Pattern.compile("Table '([^']+)' doesn't exist");
    private static final Pattern MYSQL_FUNCTION = Pattern.compile("(?:FUNCTION|PROCEDURE) (\\S+) does not exist");
    private static final Pattern MYSQL_NO_DEFAULT = Pattern.compile("Field '([^']+)' doesn't have a default value");
    private static final Pattern MYSQL_NULL = Pattern.compile("Column '([^']+)' cannot be null");

    // English forms that share a miss code but are not a missing object: a bug in the statement.
    private static final Pattern PG_NOT_A_MISS = Pattern.compile(
            "missing FROM-clause entry|invalid reference to FROM-clause entry|not found in data type"
                    + "|operator does not exist|could not identify|is not unique|record \"");

    private MissClassifier() {
    }

    /**
     * The miss this exception reports, or {@code null} if it is anything else. Looks at the
     * exception and then its chain ({@code getNextException}, causes), because drivers wrap the
     * server's error in batch exceptions.
     */
    static Miss classify(Throwable thrown) {
        Miss unnamed = null;
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 5; depth++) {
            if (t instanceof SQLException e) {
                Miss miss = classifyOne(e);
                if (miss != null && miss.nameKnown()) {
                    return miss;
                }
                // A batch exception carries the code but often not the name: look further down.
                unnamed = unnamed == null ? miss : unnamed;
                Throwable next = e.getNextException();
                t = next != null && next != e ? next : e.getCause();
            } else {
                t = t.getCause();
            }
        }
        return unnamed;
    }

    static Miss classifyOne(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        // Connector/J and MariaDB Connector/J report the server's error number; pgjdbc always reports 0.
        if (e.getErrorCode() != 0) {
            MysqlError error = MysqlError.of(e.getErrorCode());
            return error == null ? null : mysql(error, message);
        }
        PgState state = PgState.of(e.getSQLState());
        return state == null ? null : postgres(state, message);
    }

    private static Miss postgres(PgState state, String message) {
        String code = state.state;
        Matcher m;
        switch (state) {
            case UNDEFINED_COLUMN:
                if ((m = PG_COLUMN_OF_RELATION.matcher(message)).find()) {
                    return new Miss(code, Kind.COLUMN, unqualified(m.group(2)), unquote(m.group(1)));
                }
                if ((m = PG_COLUMN.matcher(message)).find()) {
                    return column(code, m.group(1));
                }
                break;
            case UNDEFINED_TABLE:
                if ((m = PG_RELATION.matcher(message)).find()) {
                    return new Miss(code, Kind.TABLE, null, unqualified(m.group(1)));
                }
                break;
            case UNDEFINED_FUNCTION:
                if ((m = PG_FUNCTION.matcher(message)).find()) {
                    return new Miss(code, Kind.FUNCTION, null, unqualified(m.group(1)));
                }
                break;
            case NOT_NULL_VIOLATION:
                if ((m = PG_NOT_NULL.matcher(message)).find()) {
                    String table = m.group(2) == null ? null : unqualified(m.group(2));
                    return new Miss(code, Kind.NULLABLE, table, unquote(m.group(1)));
                }
                // A NOT NULL miss is only ever healed by name; without one there is nothing to do.
                return null;
            default:
                break;
        }
        if (PG_NOT_A_MISS.matcher(message).find()) {
            return null;
        }
        // The code says "missing object" but the message is in a form we cannot read.
        return new Miss(code, state.kind, null, null);
    }

    private static Miss mysql(MysqlError error, String message) {
        String code = Integer.toString(error.code);
        Matcher m;
        switch (error) {
            case BAD_FIELD_ERROR:
                if ((m = MYSQL_COLUMN.matcher(message)).find()) {
                    return column(code, m.group(1));
                }
                break;
            case NO_SUCH_TABLE:
                if ((m = MYSQL_TABLE.matcher(message)).find()) {
                    return new Miss(code, Kind.TABLE, null, unqualified(m.group(1)));
                }
                break;
            case SP_DOES_NOT_EXIST:
                // 1305 also reports a lost SAVEPOINT: only a named function or procedure is a miss.
                m = MYSQL_FUNCTION.matcher(message);
                return m.find() ? new Miss(code, Kind.FUNCTION, null, unqualified(m.group(1))) : null;
            case NO_DEFAULT_FOR_FIELD:
                m = MYSQL_NO_DEFAULT.matcher(message);
                return m.find() ? new Miss(code, Kind.NULLABLE, null, unqualified(m.group(1))) : null;
            case BAD_NULL_ERROR:
                m = MYSQL_NULL.matcher(message);
                return m.find() ? new Miss(code, Kind.NULLABLE, null, unqualified(m.group(1))) : null;
            default:
                break;
        }
        return new Miss(code, error.kind, null, null);
    }

    /** {@code t.phone}, {@code s.t.phone}, {@code "phone"}: the table (or alias) part and the column. */
    private static Miss column(String code, String qualified) {
        String[] parts = splitQualified(qualified);
        String column = unquote(parts[parts.length - 1]);
        String table = parts.length >= 2 ? unquote(parts[parts.length - 2]) : null;
        return new Miss(code, Kind.COLUMN, table, column);
    }

    /**
     * The last part of a qualified name, unquoted and lower case. PostgreSQL quotes a relation as
     * written, qualifier included ({@code relation "sales.orders"}): outer quotes go first.
     */
    static String unqualified(String qualified) {
        String s = qualified.trim();
        if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"") && s.indexOf('"', 1) == s.length() - 1) {
            s = s.substring(1, s.length() - 1);
        }
        String[] parts = splitQualified(s);
        return unquote(parts[parts.length - 1]);
    }

    private static String[] splitQualified(String s) {
        java.util.List<String> parts = new java.util.ArrayList<>(3);
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts.toArray(new String[0]);
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("`") && t.endsWith("`")))) {
            t = t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        return t.toLowerCase(Locale.ROOT);
    }
}
