package dev.schemahealer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema script: statements that end with a semicolon at the end of a line; whole-line
 * {@code --} comments are dropped. Enough for table, index and view definitions; not for
 * procedure bodies or semicolons inside strings at the end of a line.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of the class-path resource {@code name}, read with {@code loader}. */
    public static List<String> resource(String name, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("schema script " + name + " is not on the class path");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + name, e);
        }
    }

    /** Runs {@code statements} in order on {@code connection}, as they come (autocommit or not). */
    public static void run(Connection connection, List<String> statements) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line.stripTrailing()).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("script ends without a semicolon: " + current.toString().strip());
        }
        return statements;
    }
}
