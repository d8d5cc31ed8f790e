package dev.schemahealer.testkit;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The schema scripts of one engine: the previous release's (what production has) and, optionally,
 * the current release's full script (what a fresh install runs). Class-path resources.
 */
record Schemas(String previous, String current, ClassLoader loader) {

    /** {@code "db/release1-{dialect}.sql"} with {@code {dialect}} as {@code postgresql} or {@code mysql}. */
    static Schemas of(ReleaseSchemas schemas, Engine engine, ClassLoader loader) {
        String dialect = engine == Engine.POSTGRESQL ? "postgresql" : "mysql";
        return new Schemas(schemas.previous().replace("{dialect}", dialect),
                schemas.current().isEmpty() ? null : schemas.current().replace("{dialect}", dialect), loader);
    }

    void loadPrevious(Connection c) throws SQLException {
        SqlScript.run(c, SqlScript.resource(previous, loader));
    }

    boolean hasCurrent() {
        return current != null;
    }

    void loadCurrent(Connection c) throws SQLException {
        SqlScript.run(c, SqlScript.resource(current, loader));
    }
}
