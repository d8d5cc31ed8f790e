package dev.schemahealer.agent;

import java.util.Locale;

/** What the agent needs to know of a statement's SQL text before running it again. */
final class SqlText {

    private SqlText() {
    }

    /**
     * A procedure call ({@code call p()}, {@code {call p()}}, {@code {? = call f()}}, {@code exec}),
     * or a PostgreSQL {@code do} block: it may have written or committed before what failed in it.
     */
    static boolean isCall(String sql) {
        String head = withoutLeadingComments(sql).toLowerCase(Locale.ROOT);
        return head.startsWith("call") || head.startsWith("{") || head.startsWith("exec")
                || head.startsWith("do") && (head.length() == 2 || !Character.isLetterOrDigit(head.charAt(2)) && head.charAt(2) != '_');
    }

    /** White space and comments before the first keyword skipped. */
    private static String withoutLeadingComments(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return sql.substring(i);
    }

    /** Several statements in one string: a {@code ;} outside quotes and comments with more than white space after it. */
    static boolean hasSeveralStatements(String sql) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = lineEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '$' && dollarQuoteEnd(sql, i) > i) {
                i = dollarQuoteEnd(sql, i);
            } else if (c == ';' && !sql.substring(i + 1).isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static int closing(String sql, int open, char quote) {
        for (int i = open + 1; i < sql.length(); i++) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++; // doubled quote
                } else {
                    return i;
                }
            } else if (sql.charAt(i) == '\\' && quote != '"') {
                i++; // MySQL backslash escape
            }
        }
        return sql.length();
    }

    private static int lineEnd(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end;
    }

    /** PostgreSQL {@code $tag$ ... $tag$}: the index of the closing tag's last character, or -1. */
    private static int dollarQuoteEnd(String sql, int start) {
        int tagEnd = sql.indexOf('$', start + 1);
        if (tagEnd < 0) {
            return -1;
        }
        String tag = sql.substring(start, tagEnd + 1);
        if (!tag.matches("\\$[A-Za-z_]*\\$")) {
            return -1;
        }
        int close = sql.indexOf(tag, tagEnd + 1);
        return close < 0 ? sql.length() : close + tag.length() - 1;
    }
}
