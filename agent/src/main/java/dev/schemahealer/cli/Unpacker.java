package dev.schemahealer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks jars inside jars (the command line's drivers, a Spring Boot jar's or a WAR's classes and
 * libraries) into one temporary folder per run, removed when the command line exits.
 */
final class Unpacker {

    private static Path root;

    private Unpacker() {
    }

    /** Extracts the entries of {@code archive} that {@code wanted} accepts into a new folder; returns it. */
    static synchronized Path unpack(Path archive, Predicate<String> wanted) throws IOException {
        Path into = Files.createTempDirectory(root(), "unpacked");
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !wanted.test(e.getName())) {
                    continue;
                }
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException(archive + ": entry " + e.getName() + " points outside the archive");
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }

    private static Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("schemahealer-cli");
            Path dir = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "schemahealer-cli-cleanup"));
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
