package dev.schemahealer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Turns what a team ships into class path entries: a jar or a class folder as it is; a Spring
 * Boot executable jar ({@code BOOT-INF/classes}, {@code BOOT-INF/lib}) or a WAR
 * ({@code WEB-INF/classes}, {@code WEB-INF/lib}), packed or exploded, as its classes and libraries.
 */
final class Deployables {

    private static final List<String> LAYOUTS = List.of("BOOT-INF/", "WEB-INF/");

    private Deployables() {
    }

    static List<Path> classPath(Path deployable) throws IOException {
        if (!Files.exists(deployable)) {
            throw new IllegalArgumentException("--upgrades " + deployable + " does not exist");
        }
        if (Files.isDirectory(deployable)) {
            for (String layout : LAYOUTS) {
                if (Files.isDirectory(deployable.resolve(layout))) {
                    return layout(deployable.resolve(layout));
                }
            }
            return List.of(deployable);
        }
        String layout = layoutOf(deployable);
        if (layout == null) {
            return List.of(deployable);
        }
        Path unpacked = Unpacker.unpack(deployable, name -> name.startsWith(layout + "classes/")
                || name.startsWith(layout + "lib/") && name.endsWith(".jar"));
        return layout(unpacked.resolve(layout));
    }

    /** {@code BOOT-INF/} or {@code WEB-INF/} when the archive has classes or libraries there, else {@code null}. */
    private static String layoutOf(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (String layout : LAYOUTS) {
                boolean has = zip.stream().anyMatch(e -> e.getName().startsWith(layout + "classes/")
                        || e.getName().startsWith(layout + "lib/"));
                if (has) {
                    return layout;
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalArgumentException("--upgrades " + archive + " is neither a folder nor a jar: " + e.getMessage());
        }
    }

    private static List<Path> layout(Path folder) throws IOException {
        List<Path> entries = new ArrayList<>();
        Path classes = folder.resolve("classes");
        if (Files.isDirectory(classes)) {
            entries.add(classes);
        }
        Path lib = folder.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            }
        }
        return entries;
    }
}
