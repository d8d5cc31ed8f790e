package dev.schemahealer.sample;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.sample.EventRepository.Event;
import dev.schemahealer.sample.OrderRepository.Line;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Release 2 of the sample service: a small HTTP API on HikariCP and JDBC, for PostgreSQL and
 * MySQL/MariaDB. Its code needs the release-2 schema; run it with the schemahealer agent and a
 * database still on release 1 heals itself as requests arrive.
 *
 * <pre>
 * GET  /health
 * POST /customers                {"name", "email", "phone"}         -> 201 {"id"}
 * GET  /customers/{id}                                              -> {"id", "name", "email", "phone"}
 * GET  /customers/{id}/orders                                       -> [{"id", "totalCents", "status", "createdAt"}]
 * POST /customers/{id}/events    {"events": [{"type", "payload"}]}  -> 201 {"written"}   (one JDBC batch)
 * POST /orders                   {"customerId", "lines": [{"sku", "quantity", "priceCents"}]}
 *                                                                   -> 201 {"id"}        (one transaction)
 * GET  /orders/{id}                                                 -> the order and its lines
 * </pre>
 */
public final class SampleService implements AutoCloseable {

    /** Printed once the port is open; the demo waits for it. */
    public static final String READY = "sample service listening on port ";

    private static final Logger LOG = LoggerFactory.getLogger(SampleService.class);
    private static final Set<String> OPTIONS = Set.of("--url", "--user", "--password-env", "--port", "--pool-size");
    private static final String ID = "(\\d+)";
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HikariDataSource pool;
    private final HttpServer server;
    private final ExecutorService workers;

    private SampleService(HikariDataSource pool, HttpServer server, ExecutorService workers) {
        this.pool = pool;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Opens the pool and starts serving on {@code port} of the loopback address (0: any free port).
     * The pool opens its first connection here, so a wrong URL fails now rather than on the first request.
     */
    public static SampleService start(String jdbcUrl, String user, String password, int port, int poolSize)
            throws IOException {
        // The JDK's server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every response. Read once, when the server starts.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("sample");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            ExecutorService workers = Executors.newFixedThreadPool(Math.max(4, poolSize * 2));
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            server.createContext("/", api(new Database(pool)));
            server.setExecutor(workers);
            server.start();
            return new SampleService(pool, server, workers);
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    static HttpApi api(Database db) {
        CustomerRepository customers = new CustomerRepository(db);
        OrderRepository orders = new OrderRepository(db);
        EventRepository events = new EventRepository(db);
        return new HttpApi()
                .route("GET", "/health", r -> Response.ok(Map.of("status", "ok")))
                .route("POST", "/customers", r -> {
                    Map<String, Object> json = r.json();
                    long id = customers.create(Request.text(json, "name", 100, true), Request.text(json, "email", 200, true),
                            Request.text(json, "phone", 32, false));
                    return Response.created(Map.of("id", id));
                })
                .route("GET", "/customers/" + ID, r -> {
                    long id = r.pathId(1);
                    CustomerRepository.Customer c = customers.find(id)
                            .orElseThrow(() -> ApiException.notFound("no customer " + id));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", c.id());
                    body.put("name", c.name());
                    body.put("email", c.email());
                    body.put("phone", c.phone());
                    return Response.ok(body);
                })
                .route("GET", "/customers/" + ID + "/orders", r -> {
                    List<Map<String, Object>> list = new ArrayList<>();
                    for (OrderRepository.Summary s : orders.recentOfCustomer(r.pathId(1), 20)) {
                        Map<String, Object> o = new LinkedHashMap<>();
                        o.put("id", s.id());
                        o.put("totalCents", s.totalCents());
                        o.put("status", s.status());
                        o.put("createdAt", s.createdAt().toString());
                        list.add(o);
                    }
                    return Response.ok(list);
                })
                .route("POST", "/customers/" + ID + "/events", r -> {
                    List<Event> batch = new ArrayList<>();
                    for (Object item : Request.list(r.json(), "events", 1, 1000)) {
                        Map<String, Object> e = Request.object(item, "each event");
                        batch.add(new Event(Request.text(e, "type", 64, true), Request.text(e, "payload", 1000, false)));
                    }
                    return Response.created(Map.of("written", events.record(r.pathId(1), batch)));
                })
                .route("POST", "/orders", r -> {
                    Map<String, Object> json = r.json();
                    long customerId = Request.number(json, "customerId", 1, Long.MAX_VALUE);
                    List<Line> lines = new ArrayList<>();
                    for (Object item : Request.list(json, "lines", 1, 100)) {
                        Map<String, Object> l = Request.object(item, "each line");
                        lines.add(new Line(Request.text(l, "sku", 64, true), (int) Request.number(l, "quantity", 1, 10_000),
                                Request.number(l, "priceCents", 0, 100_000_000)));
                    }
                    return Response.created(Map.of("id", orders.place(customerId, lines)));
                })
                .route("GET", "/orders/" + ID, r -> {
                    long id = r.pathId(1);
                    OrderRepository.Order o = orders.find(id).orElseThrow(() -> ApiException.notFound("no order " + id));
                    List<Map<String, Object>> lines = new ArrayList<>();
                    for (Line l : o.lines()) {
                        lines.add(Map.of("sku", l.sku(), "quantity", l.quantity(), "priceCents", l.priceCents()));
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("id", o.id());
                    body.put("customerId", o.customerId());
                    body.put("totalCents", o.totalCents());
                    body.put("status", o.status());
                    body.put("createdAt", o.createdAt().toString());
                    body.put("lines", lines);
                    return Response.ok(body);
                });
    }

    /**
     * {@code --url JDBC_URL [--user U] [--password-env VAR] [--port 8080] [--pool-size 8]}. The
     * password comes from an environment variable, never from the command line (which {@code ps} shows).
     */
    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = Args.parse(argv, OPTIONS, Set.of());
            if (!args.has("--url")) {
                throw new IllegalArgumentException("--url is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SampleService --url JDBC_URL [--user U] [--password-env VAR] [--port 8080] [--pool-size 8]");
            System.exit(2);
            return;
        }
        SampleService service;
        try {
            service = start(args.get("--url", null), args.get("--user", null), args.secretFromEnv("--password-env"),
                    args.intValue("--port", 8080, 0, 65535), args.intValue("--pool-size", 8, 1, 200));
        } catch (RuntimeException e) {
            LOG.error("could not start: {}", e.toString());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "sample-service-stop"));
        // Standard output, not the log: the demo reads the port from this line.
        System.out.println(READY + service.port());
        System.out.flush();
    }
}
