package dev.schemahealer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployablesTest {

    @TempDir
    Path dir;

    @Test
    void anExplodedSpringBootJarIsItsClassesAndLibraries() throws Exception {
        Files.createDirectories(dir.resolve("BOOT-INF/classes"));
        Files.createDirectories(dir.resolve("BOOT-INF/lib"));
        Files.write(dir.resolve("BOOT-INF/lib/b.jar"), new byte[0]);
        Files.write(dir.resolve("BOOT-INF/lib/a.jar"), new byte[0]);
        Files.write(dir.resolve("BOOT-INF/lib/notes.txt"), new byte[0]);

        assertEquals(List.of(dir.resolve("BOOT-INF/classes"), dir.resolve("BOOT-INF/lib/a.jar"),
                dir.resolve("BOOT-INF/lib/b.jar")), Deployables.classPath(dir));
    }

    @Test
    void aPlainFolderIsItself() throws Exception {
        assertEquals(List.of(dir), Deployables.classPath(dir));
    }

    @Test
    void aMissingPathOrAFileThatIsNoJarIsOneClearError() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Deployables.classPath(dir.resolve("nope.jar")));
        assertTrue(missing.getMessage().endsWith("nope.jar does not exist"), missing.getMessage());
        Path text = Files.writeString(dir.resolve("app.jar"), "not a zip");
        IllegalArgumentException notJar = assertThrows(IllegalArgumentException.class, () -> Deployables.classPath(text));
        assertTrue(notJar.getMessage().contains("is neither a folder nor a jar"), notJar.getMessage());
    }
}
