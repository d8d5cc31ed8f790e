package dev.schemahealer.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL, MySQL and MariaDB drivers the agent jar carries for the command line, as jars
 * under {@value #FOLDER} inside it. No class loader reads a jar inside a jar, so as
 * {@code -javaagent} the jar puts none of them on the application's class path; the command line
 * unpacks them and loads them with a class loader of its own.
 */
final class BundledDrivers {

    static final String FOLDER = "schemahealer-cli/drivers/";

    private BundledDrivers() {
    }

    /** The driver jars, unpacked; none when running from a build folder without them (unit tests). */
    static List<Path> jars() throws IOException {
        Path home;
        try {
            home = Path.of(BundledDrivers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return List.of();
        }
        Path folder;
        if (Files.isDirectory(home)) {
            folder = home.resolve(FOLDER);
        } else {
            folder = Unpacker.unpack(home, name -> name.startsWith(FOLDER) && name.endsWith(".jar")).resolve(FOLDER);
        }
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        return jars;
    }
}
