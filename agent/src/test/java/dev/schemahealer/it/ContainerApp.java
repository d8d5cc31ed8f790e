package dev.schemahealer.it;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * A servlet container in one JVM: the JDBC drivers in the shared loader (this class path, like
 * Tomcat's {@code lib/}), each web application in a {@link ChildFirstLoader} of its own that carries
 * its own copy of the upgrades API, its upgrades and its own SLF4J with its own configuration
 * ({@code WEB-INF/lib}, the default compile scope). A request runs on a thread whose context class
 * loader is the application's, as a container's request threads do.
 *
 * <p>Args: mode, then url user password of database a, then of database b. Modes: {@code one}
 * (application a handles a request), {@code two} (a, then b on its own database), {@code undeploy}
 * (a handles a request and one whose upgrade fails, and is undeployed; its loader must be
 * collected; then b handles a request).
 * Prints {@code webapp a: OK bundled-api} and the like, and for undeploy {@code undeployed: COLLECTED}
 * or {@code undeployed: PINNED}.
 */
public final class ContainerApp {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        // The container's shared pool already opened connections: the drivers' own threads belong to it.
        try (Connection warm = DriverManager.getConnection(args[1], args[2], args[3])) {
            warm.isValid(5);
        }
        switch (mode) {
            case "one" -> System.out.println("webapp a: " + request(deploy("a", false), "handle", args[1], args[2], args[3], "email"));
            case "two" -> {
                ClassLoader a = deploy("a", false);
                ClassLoader b = deploy("b", false);
                System.out.println("webapp a: " + request(a, "handle", args[1], args[2], args[3], "email"));
                System.out.println("webapp b: " + request(b, "handle", args[4], args[5], args[6], "email"));
            }
            case "undeploy", "undeploy-own-driver" -> {
                // pgjdbc's cleaner thread (the application's own driver's) ends soon after its last connection.
                System.setProperty("pgjdbc.config.cleanup.thread.ttl", "100");
                WeakReference<ClassLoader> undeployed = deployServeUndeploy(mode.endsWith("own-driver"), args[1], args[2], args[3]);
                for (int i = 0; i < 100 && undeployed.get() != null; i++) {
                    System.gc();
                    Thread.sleep(20);
                }
                System.out.println("undeployed: " + (undeployed.get() == null ? "COLLECTED" : "PINNED"));
                System.out.println("webapp b: " + request(deploy("b", false), "handle", args[4], args[5], args[6], "email"));
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static WeakReference<ClassLoader> deployServeUndeploy(boolean ownDriver, String url, String user, String password)
            throws Exception {
        ChildFirstLoader a = deploy("a", ownDriver);
        System.out.println("webapp a: " + request(a, "handle", url, user, password, "email"));
        System.out.println("webapp a broken: " + request(a, "handle", url, user, password, "bad"));
        request(a, "undeploy");
        a.close();
        return new WeakReference<>(a);
    }

    /** A request on this thread with the application's loader as its context, as a container runs one. */
    private static String request(ClassLoader webapp, String method, String... args) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader container = thread.getContextClassLoader();
        thread.setContextClassLoader(webapp);
        try {
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, String.class);
            return (String) Class.forName(Webapp.class.getName(), true, webapp).getMethod(method, types).invoke(null, (Object[]) args);
        } finally {
            thread.setContextClassLoader(container);
        }
    }

    /**
     * Web application {@code name}: classes, upgrades API, upgrades (scenarios/webapp-NAME) and SLF4J
     * of its own, and with {@code ownDriver} its own copies of the JDBC drivers.
     */
    private static ChildFirstLoader deploy(String name, boolean ownDriver) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<URL> drivers = new ArrayList<>();
        Path testClasses = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            String file = p.getFileName().toString();
            boolean api = file.startsWith("schemahealer-upgrades") || entry.replace('\\', '/').endsWith("upgrades/target/classes");
            boolean driver = file.startsWith("postgresql-") || file.startsWith("mysql-connector-j")
                    || file.startsWith("mariadb-java-client");
            if (api || file.startsWith("slf4j-api") || file.startsWith("slf4j-simple")) {
                urls.add(p.toUri().toURL());
            } else if (driver && ownDriver) {
                drivers.add(p.toUri().toURL());
            } else if (file.equals("test-classes") && p.getParent().getParent().getFileName().toString().equals("agent")) {
                testClasses = p;
            }
        }
        if (urls.size() != 3 || testClasses == null) {
            throw new IllegalStateException("class path lacks the upgrades API, SLF4J or the test classes: " + urls);
        }
        urls.addAll(drivers);
        urls.add(testClasses.toUri().toURL());
        urls.add(testClasses.resolve("scenarios/webapp-" + name).toUri().toURL());
        return new ChildFirstLoader("webapp-" + name, urls.toArray(new URL[0]), ContainerApp.class.getClassLoader());
    }
}
