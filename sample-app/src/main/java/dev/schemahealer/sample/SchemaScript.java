package dev.schemahealer.sample;

import dev.schemahealer.testing.SqlScript;
import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
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
        SqlScript.run(connection, statements(dialect));
    }

    public List<String> statements(Dialect dialect) {
        return SqlScript.resource(resource(dialect), SchemaScript.class.getClassLoader());
    }
}
