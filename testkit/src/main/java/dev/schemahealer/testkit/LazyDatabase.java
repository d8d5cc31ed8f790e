package dev.schemahealer.testkit;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's database, created and loaded with the previous schema on first use, dropped when the
 * test ends: a test that only checks the upgrades (on scratch databases) never pays for it.
 * Closed by JUnit: AutoCloseable for JUnit 5.13 and later, CloseableResource before.
 */
@SuppressWarnings("deprecation")
final class LazyDatabase implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final Engine engine;
    private final Schemas schemas;
    private TestDatabase database;

    LazyDatabase(Engine engine, Schemas schemas) {
        this.engine = engine;
        this.schemas = schemas;
    }

    Schemas schemas() {
        return schemas;
    }

    synchronized TestDatabase get() {
        if (database == null) {
            TestDatabase created = TestDatabase.create(engine);
            try (Connection c = created.connect()) {
                schemas.loadPrevious(c);
            } catch (SQLException | RuntimeException e) {
                created.close();
                throw new IllegalStateException("cannot load the previous schema " + schemas.previous() + " into "
                        + created + ": " + e, e);
            }
            database = created;
        }
        return database;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return database == null ? engine + " database (not created yet)" : database.toString();
    }
}
