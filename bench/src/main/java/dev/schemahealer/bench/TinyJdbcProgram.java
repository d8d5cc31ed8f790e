package dev.schemahealer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The small program whose start-up {@link StartupBenchmark} measures: connect, {@code select 1},
 * exit. Its last line reports its own CPU time and peak resident memory (Linux {@code /proc}),
 * read at the end of {@code main}. Args: url user password
 */
public final class TinyJdbcProgram {

    private TinyJdbcProgram() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select 1")) {
            r.next();
        }
        System.out.println("STATS " + cpuMillis() + " " + peakKib());
    }

    /** utime + stime of this process, all threads, from /proc/self/stat (clock ticks of 10 ms); -1 elsewhere. */
    static long cpuMillis() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.isReadable(stat)) {
            return -1;
        }
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** VmHWM of a process, in KiB; -1 where /proc has none. */
    static long peakKib() throws IOException {
        return peakKib(Path.of("/proc/self/status"));
    }

    static long peakKib(Path status) throws IOException {
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
