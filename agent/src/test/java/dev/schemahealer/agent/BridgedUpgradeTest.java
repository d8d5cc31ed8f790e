package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.it.ChildFirstLoader;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades compiled against another copy of the upgrades API, as a web application that bundles
 * it loads them (child-first): an older copy is bridged, one the agent cannot read gets one WARN
 * that says what to change. The copies are compiled here, so they can differ from the real one.
 */
class BridgedUpgradeTest {

    /** An older API: no description(), no requires(). */
    private static final Map<String, String> OLDER_API = Map.of(
            "dev/schemahealer/upgrades/SchemaUpgrade.java", """
                    package dev.schemahealer.upgrades;
                    public interface SchemaUpgrade {
                        String id();
                        default java.util.Set<SchemaObject> heals() { return java.util.Set.of(); }
                        void apply(UpgradeContext ctx) throws java.sql.SQLException;
                    }""",
            "dev/schemahealer/upgrades/SchemaObject.java", """
                    package dev.schemahealer.upgrades;
                    public final class SchemaObject {
                        public enum Kind { TABLE, COLUMN }
                        private final String table, name;
                        private SchemaObject(String table, String name) { this.table = table; this.name = name; }
                        public static SchemaObject column(String table, String name) { return new SchemaObject(table, name); }
                        public Kind kind() { return Kind.COLUMN; }
                        public String table() { return table; }
                        public String name() { return name; }
                    }""",
            "dev/schemahealer/upgrades/UpgradeContext.java", """
                    package dev.schemahealer.upgrades;
                    public interface UpgradeContext {
                        Dialect dialect();
                        void execute(String sql) throws java.sql.SQLException;
                    }""",
            "dev/schemahealer/upgrades/Dialect.java", """
                    package dev.schemahealer.upgrades;
                    public enum Dialect { POSTGRESQL, MYSQL, MARIADB }""");

    private static final String UPGRADE = """
            package app;
            import dev.schemahealer.upgrades.*;
            public class AddPhone implements SchemaUpgrade {
                public String id() { return "app-001-phone"; }
                public java.util.Set<SchemaObject> heals() { return java.util.Set.of(SchemaObject.column("Users", "phone")); }
                public void apply(UpgradeContext ctx) throws java.sql.SQLException {
                    ctx.execute("alter table users add column phone text -- on " + ctx.dialect());
                }
            }""";

    @Test
    void anUpgradeOfAnOlderCopyOfTheApiIsBridged(@TempDir Path dir) throws Exception {
        ClassLoader webapp = webapp(dir, OLDER_API);

        List<SchemaUpgrade> upgrades = new UpgradeCatalog(List.of()).upgrades(webapp);

        assertEquals(1, upgrades.size(), upgrades.toString());
        SchemaUpgrade u = upgrades.get(0);
        assertEquals("app-001-phone", u.id());
        assertEquals("app-001-phone", u.description());
        assertEquals(Set.of(SchemaObject.column("users", "phone")), u.heals());
        assertEquals(Set.of(), u.requires());
        List<String> executed = new ArrayList<>();
        u.apply(context(Dialect.MARIADB, executed));
        assertEquals(List.of("alter table users add column phone text -- on MARIADB"), executed);
    }

    @Test
    void aCopyOfTheApiTheAgentCannotReadGetsOneWarnSayingWhatToChange(@TempDir Path dir) throws Exception {
        // kind() answers a String: nothing the agent can map.
        Map<String, String> unreadable = new java.util.HashMap<>(OLDER_API);
        unreadable.put("dev/schemahealer/upgrades/SchemaObject.java", OLDER_API.get("dev/schemahealer/upgrades/SchemaObject.java")
                .replace("public Kind kind() { return Kind.COLUMN; }", "public String kind() { return \"COLUMN\"; }"));
        unreadable.put("app/AddEmail.java", UPGRADE.replace("AddPhone", "AddEmail").replace("app-001-phone", "app-002-email"));
        ClassLoader webapp = webapp(dir, unreadable, "app.AddPhone", "app.AddEmail");

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<SchemaUpgrade> upgrades;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            upgrades = new UpgradeCatalog(List.of()).upgrades(webapp);
        } finally {
            System.setErr(err);
        }

        assertEquals(List.of(), upgrades);
        List<String> warns = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("WARN")).toList();
        assertEquals(1, warns.size(), captured.toString(StandardCharsets.UTF_8));
        assertTrue(warns.get(0).contains("Remove schemahealer-upgrades from the application (WEB-INF/lib), or mark it provided"),
                warns.get(0));
    }

    /** A child-first loader over {@code api} and the upgrades compiled against it, registered in META-INF/services. */
    private static ClassLoader webapp(Path dir, Map<String, String> api, String... registered) throws IOException {
        Map<String, String> sources = new java.util.HashMap<>(api);
        sources.putIfAbsent("app/AddPhone.java", UPGRADE);
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])));
        Path services = classes.resolve("META-INF/services/" + SchemaUpgrade.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, String.join("\n", registered.length == 0 ? new String[] {"app.AddPhone"} : registered));
        return new ChildFirstLoader("webapp", new URL[] {classes.toUri().toURL()}, BridgedUpgradeTest.class.getClassLoader());
    }

    /** The agent's side of a heal, recording what the upgrade runs. */
    private static UpgradeContext context(Dialect dialect, List<String> executed) {
        return (UpgradeContext) Proxy.newProxyInstance(UpgradeContext.class.getClassLoader(), new Class<?>[] {UpgradeContext.class},
                (proxy, m, a) -> switch (m.getName()) {
                    case "dialect" -> dialect;
                    case "execute" -> executed.add((String) a[0]) ? null : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
