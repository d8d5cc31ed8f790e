package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Web applications in one container JVM ({@link ContainerApp}) on a shared driver, each with its
 * own copy of the upgrades API, its own upgrades, its own logging and its own database.
 */
abstract class ContainersSuite extends EndToEndBase {

    /** Web application b's database. */
    private TestDatabase other;

    @BeforeEach
    void otherDatabase() throws Exception {
        other = releaseOne(engine());
    }

    @AfterEach
    void dropOther() {
        other.close();
    }

    private ChildJvm container(String mode) throws Exception {
        ChildJvm app = ChildJvm.start("", ChildJvm.applicationClassPath(), ContainerApp.class,
                mode, appUrl(), db.user(), db.password(), other.url(), other.user(), other.password());
        assertEquals(0, app.waitFor(90), app.output());
        return app;
    }

    @Test
    void aWebApplicationThatBundlesTheUpgradesApiHeals() throws Exception {
        ChildJvm app = container("one");

        assertEquals(List.of("webapp a: OK bundled-api shared-driver"), app.linesStartingWith("webapp a:"), app.output());
        assertEquals(Set.of("it-501-webapp-a-email"), ledgerTriggers(db).keySet());
        assertTrue(!app.output().contains("WARN"), app.output());
    }

    @Test
    void webApplicationsSharingADriverEachHealTheirOwnDatabaseAndLogToTheirOwnLogging() throws Exception {
        ChildJvm app = container("two");

        assertEquals(List.of("webapp a: OK bundled-api shared-driver"), app.linesStartingWith("webapp a:"), app.output());
        assertEquals(List.of("webapp b: OK bundled-api shared-driver"), app.linesStartingWith("webapp b:"), app.output());
        assertEquals(Set.of("it-501-webapp-a-email"), ledgerTriggers(db).keySet(), app.output());
        assertEquals(Set.of("it-502-webapp-b-email"), ledgerTriggers(other).keySet(), app.output());
        // Each application's heal is logged through its own SLF4J (its lines start with its name).
        assertEquals(1, app.linesStartingWith("webapp-a ").stream().filter(l -> l.contains("applied upgrade it-501")).count(),
                app.output());
        assertEquals(1, app.linesStartingWith("webapp-b ").stream().filter(l -> l.contains("applied upgrade it-502")).count(),
                app.output());
    }

    @Test
    void anUndeployedWebApplicationsLoaderIsCollected() throws Exception {
        assertUndeployedCollected(container("undeploy"), "shared-driver");
    }

    @Test
    void anUndeployedWebApplicationWithItsOwnDriverIsCollected() throws Exception {
        // The driver's targets, connection recipes and woven classes are the application's now.
        assertUndeployedCollected(container("undeploy-own-driver"), "own-driver");
    }

    private static void assertUndeployedCollected(ChildJvm app, String driver) {
        assertEquals(List.of("webapp a: OK bundled-api " + driver), app.linesStartingWith("webapp a:"), app.output());
        assertTrue(app.linesStartingWith("webapp a broken: ERROR").size() == 1
                && app.output().contains("upgrade it-503-webapp-a-broken failed"), "a failure kept for its backoff: " + app.output());
        assertEquals(List.of("undeployed: COLLECTED"), app.linesStartingWith("undeployed:"), app.output());
        assertEquals(List.of("webapp b: OK bundled-api shared-driver"), app.linesStartingWith("webapp b:"), app.output());
    }
}
