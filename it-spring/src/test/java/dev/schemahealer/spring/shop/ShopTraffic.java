package dev.schemahealer.spring.shop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the shop in this JVM, prints {@code READY}, waits for a line on standard input, then runs
 * {@code threads x requests} service calls with no retry and prints {@code KEY value} lines.
 *
 * <p>Args: url user password threads requests start seededCustomers; start {@code first-order-alone}
 * places one order alone before the threads start, {@code together} does not.
 */
public final class ShopTraffic {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        boolean firstAlone = "first-order-alone".equals(args[5]);
        int seeded = Integer.parseInt(args[6]);
        List<String> options = new ArrayList<>(List.of("--spring.datasource.url=" + url,
                "--spring.datasource.username=" + args[1], "--spring.datasource.password=" + args[2],
                "--spring.datasource.hikari.maximum-pool-size=10", "--spring.jpa.hibernate.ddl-auto=none",
                "--spring.jpa.open-in-view=false", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--logging.level.dev.schemahealer=INFO"));
        if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            // Connector/J's keyword query fails on MariaDB 11 (its INFORMATION_SCHEMA.KEYWORDS has no
            // RESERVED column), and Hibernate then cannot pick a dialect: name it, skip the metadata.
            options.add("--spring.jpa.database-platform=org.hibernate.dialect."
                    + (url.startsWith("jdbc:mariadb:") ? "MariaDBDialect" : "MySQLDialect"));
            options.add("--spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .run(options.toArray(String[]::new));
        ShopService shop = context.getBean(ShopService.class);
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        AtomicInteger failed = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger placed = new AtomicInteger();
        if (firstAlone) {
            // One transaction alone first: it misses customers.phone, orders.status and order_notes.
            try {
                shop.placeOrder(1, 1, "first");
                placed.incrementAndGet();
                System.out.println("FIRST_ORDER_OK");
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                System.out.println("FIRST_ORDER_ERROR " + describe(e));
            }
        }
        AtomicLong slowestNanos = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                for (int i = 0; i < requests; i++) {
                    long customer = 1 + (thread * 31L + i * 7L) % seeded;
                    int op = (thread + i) % 4;
                    long start = System.nanoTime();
                    try {
                        switch (op) {
                            case 0 -> {
                                shop.createCustomer("t" + thread + "-" + i, "+41 " + i);
                                created.incrementAndGet();
                            }
                            case 1 -> {
                                shop.placeOrder(customer, 10 + i, "note " + thread + "-" + i);
                                placed.incrementAndGet();
                            }
                            case 2 -> shop.phoneOf(customer);
                            default -> shop.ordersOf(customer);
                        }
                    } catch (RuntimeException e) {
                        if (failed.incrementAndGet() <= 10) {
                            System.out.println("ERROR op " + op + ": " + describe(e));
                        }
                    }
                    slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
            }, "request-" + t));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("REQUESTS " + (threads * requests + (firstAlone ? 1 : 0)));
        System.out.println("FAILED " + failed.get());
        System.out.println("CREATED " + created.get());
        System.out.println("PLACED " + placed.get());
        System.out.println("SLOWEST_MS " + slowestNanos.get() / 1_000_000);
        context.close();
        System.exit(0);
    }

    /** The exception's class and the SQL state of the driver's exception under it. */
    private static String describe(Throwable e) {
        String state = "";
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                state = " " + sql.getSQLState() + "/" + sql.getErrorCode() + " " + sql.getMessage();
            }
        }
        return e.getClass().getSimpleName() + state;
    }
}
