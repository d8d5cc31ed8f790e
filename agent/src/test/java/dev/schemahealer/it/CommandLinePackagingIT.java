package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one jar that is both the agent and the command line; no database needed. */
class CommandLinePackagingIT {

    @Test
    void asAnAgentTheJarPutsNoDriverOnTheApplicationsClassPath() throws Exception {
        // Only the test's own classes: the agent jar (and what it carries) is all the child has besides.
        ChildJvm app = ChildJvm.start("", Path.of("target/test-classes").toAbsolutePath().toString(), NoDriverApp.class);
        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("DRIVERS none"), app.linesStartingWith("DRIVERS"), app.output());
        assertTrue(app.output().contains("agent active"), app.output());
    }

    @Test
    void helpListsTheExitCodesAndDurationsUseTheAgentsSyntax() throws Exception {
        ChildJvm status = ChildJvm.runJar("status", "--help");
        assertEquals(0, status.waitFor(60), status.output());
        assertTrue(status.output().contains("Exit codes:"), status.output());
        assertTrue(status.output().matches("(?s).*\\n\\s*3\\s+some database has upgrades pending.*"), status.output());
        assertTrue(status.output().contains("--schemas=PATTERN"), status.output());

        ChildJvm apply = ChildJvm.runJar("apply", "--help");
        assertEquals(0, apply.waitFor(60), apply.output());
        assertTrue(apply.output().contains("--lock-wait=DURATION"), apply.output());
        assertTrue(apply.output().contains("--ddl-lock-timeout=DURATION"), apply.output());
        assertFalse(apply.output().contains("to inspect"), apply.output());

        ChildJvm bad = ChildJvm.runJar("apply", "--url", "jdbc:postgresql://127.0.0.1/x", "--upgrades", ".",
                "--lock-wait", "30x");
        assertEquals(2, bad.waitFor(60), bad.output());
        assertTrue(bad.output().contains("'30x': expected a duration such as 500ms, 30s or 2m"), bad.output());
    }
}
