package dev.schemahealer.sample;

import dev.schemahealer.upgrades.Dialect;
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
 * The schema scripts shipped in this module ({@code db/release1-postgresql.sql} and friends):
 * release 1, what production runs before release 2 ships, and release 2, what a fresh install of
 * release 2 runs. Release 1 plus every upgrade must give release 2; a test checks that.
 */
public enum SchemaScript {
    RELEASE_1("release1"),
    RELEASE_2("release2");

    private final String prefix;

    SchemaScript(String prefix) {
        this.prefix = prefix;
    }

    public String resource(Dialect dialect) {
        return "db/" + prefix + "-" + (dialect == Dialect.POSTGRESQL ? "postgresql" : "mysql") + ".sql";
    }

    /** Runs every statement of the script on {@code connection}, in autocommit. */
    public void run(Connection connection, Dialect dialect) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements(dialect)) {
                st.execute(sql);
            }
        }
    }

    public List<String> statements(Dialect dialect) {
        String name = resource(dialect);
        try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * Statements end with a semicolon at the end of a line; whole-line {@code --} comments are
     * dropped. Enough for these scripts, which hold no procedures and no semicolons in strings.
     */
    static List<String> split(String script) {
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
