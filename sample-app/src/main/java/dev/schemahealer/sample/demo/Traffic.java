package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.Json;
import dev.schemahealer.sample.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients sending a mix of release-2 requests for a fixed time. Counts what succeeded,
 * what failed and how long it took, and what was written, so the demo can check the database
 * against it afterwards: every accepted write there exactly once.
 */
final class Traffic {

    /** Per kind of request: counts and latencies. */
    static final class Stats {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());

        long median() {
            return percentile(0.5);
        }

        long slowest() {
            return percentile(1.0);
        }

        private long percentile(double p) {
            List<Long> sorted;
            synchronized (millis) {
                sorted = new ArrayList<>(millis);
            }
            if (sorted.isEmpty()) {
                return 0;
            }
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * (sorted.size() - 1) + 0.5)));
        }
    }

    private static final int MAX_FAILURES_KEPT = 10;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final Map<RequestKind, Stats> stats = new EnumMap<>(RequestKind.class);
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> createdCustomers = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> placedOrders = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong linesWritten = new AtomicLong();
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicLong slowestSinceLastLook = new AtomicLong();
    private final long startNanos = System.nanoTime();

    Traffic(int port) {
        this.base = "http://127.0.0.1:" + port;
        for (RequestKind k : RequestKind.values()) {
            stats.put(k, new Stats());
        }
    }

    /**
     * Starts {@code threads} clients. Each first sends one request of every kind (each client
     * starting at another kind), so every part of release 2 is exercised however slow the machine,
     * then random requests until {@code duration} has passed.
     */
    List<Thread> start(int threads, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        RequestKind[] kinds = RequestKind.values();
        for (int i = 0; i < threads; i++) {
            int first = i;
            Thread t = new Thread(() -> {
                for (int k = 0; k < kinds.length; k++) {
                    send(kinds[(first + k) % kinds.length]);
                }
                while (System.nanoTime() < deadline) {
                    send(pick());
                }
            }, "client-" + (i + 1));
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
        return clients;
    }

    Stats stats(RequestKind kind) {
        return stats.get(kind);
    }

    long ok() {
        return stats.values().stream().mapToLong(s -> s.ok.get()).sum();
    }

    long failed() {
        return stats.values().stream().mapToLong(s -> s.failed.get()).sum();
    }

    /** The slowest request since the last call, in milliseconds. */
    long takeSlowest() {
        return slowestSinceLastLook.getAndSet(0);
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    long customersCreated() {
        return createdCustomers.size();
    }

    long ordersPlaced() {
        return placedOrders.size();
    }

    long linesWritten() {
        return linesWritten.get();
    }

    long eventsWritten() {
        return eventsWritten.get();
    }

    long startNanos() {
        return startNanos;
    }

    private static RequestKind pick() {
        int r = ThreadLocalRandom.current().nextInt(RequestKind.totalWeight());
        for (RequestKind k : RequestKind.values()) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private void send(RequestKind kind) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long customer = someId(createdCustomers, Seeder.CUSTOMERS);
        String path;
        String body = null;
        int lines = 0;
        int events = 0;
        switch (kind) {
            case GET_CUSTOMER -> path = "/customers/" + customer;
            case CREATE_CUSTOMER -> {
                int n = random.nextInt(1_000_000);
                path = "/customers";
                body = "{\"name\": \"Client " + n + "\", \"email\": \"client" + n + "@example.com\", \"phone\": \"+1 555 "
                        + String.format("%07d", n) + "\"}";
            }
            case CUSTOMER_ORDERS -> path = "/customers/" + customer + "/orders";
            case PLACE_ORDER -> {
                lines = 1 + random.nextInt(3);
                StringBuilder b = new StringBuilder("{\"customerId\": " + customer + ", \"lines\": [");
                for (int i = 0; i < lines; i++) {
                    b.append(i == 0 ? "" : ", ").append("{\"sku\": \"SKU-").append(random.nextInt(500))
                            .append("\", \"quantity\": ").append(1 + random.nextInt(5))
                            .append(", \"priceCents\": ").append(100 + random.nextInt(10_000)).append('}');
                }
                path = "/orders";
                body = b.append("]}").toString();
            }
            case GET_ORDER -> path = "/orders/" + someId(placedOrders, Seeder.ORDERS);
            case RECORD_EVENTS -> {
                events = 2 + random.nextInt(9);
                StringBuilder b = new StringBuilder("{\"events\": [");
                for (int i = 0; i < events; i++) {
                    b.append(i == 0 ? "" : ", ").append("{\"type\": \"page_view\", \"payload\": \"/products/")
                            .append(random.nextInt(500)).append("\"}");
                }
                path = "/customers/" + customer + "/events";
                body = b.append("]}").toString();
            }
            default -> throw new AssertionError(kind);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        Stats s = stats.get(kind);
        String what = (body == null ? "GET " : "POST ") + path;
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            record(s, start);
            if (response.statusCode() / 100 != 2) {
                fail(s, what, "HTTP " + response.statusCode() + " " + response.body());
                return;
            }
            s.ok.incrementAndGet();
            switch (kind) {
                case CREATE_CUSTOMER -> createdCustomers.add(id(response.body()));
                case PLACE_ORDER -> {
                    placedOrders.add(id(response.body()));
                    linesWritten.addAndGet(lines);
                }
                case RECORD_EVENTS -> eventsWritten.addAndGet(events);
                default -> {
                    // reads write nothing
                }
            }
        } catch (Exception e) {
            record(s, start);
            fail(s, what, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(Stats s, long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        s.millis.add(ms);
        slowestSinceLastLook.accumulateAndGet(ms, Math::max);
    }

    private void fail(Stats s, String request, String why) {
        s.failed.incrementAndGet();
        if (failures.size() < MAX_FAILURES_KEPT) {
            failures.add(request + ": " + (why.length() > 300 ? why.substring(0, 300) + "..." : why));
        }
    }

    private static long id(String body) {
        return (Long) Request.object(Json.parse(body), "reply").get("id");
    }

    /** Half the time one created during the demo, if any, else one of the seeded ids 1..seeded. */
    private static long someId(List<Long> created, int seeded) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        synchronized (created) {
            if (!created.isEmpty() && random.nextBoolean()) {
                return created.get(random.nextInt(created.size()));
            }
        }
        return 1 + random.nextInt(seeded);
    }
}
