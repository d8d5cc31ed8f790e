package dev.schemahealer.sample;

import static dev.schemahealer.sample.EngineTestSupport.count;
import static dev.schemahealer.sample.EngineTestSupport.load;
import static dev.schemahealer.sample.EngineTestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release-2 service over HTTP, on a fresh release-2 database of a real engine, without the agent. */
abstract class AbstractApiTest {

    private final Engine engine;
    private final HttpClient http = HttpClient.newHttpClient();
    private TestDatabase db;
    private SampleService service;

    AbstractApiTest(Engine engine) {
        this.engine = engine;
    }

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create(engine);
        load(db, SchemaScript.RELEASE_2);
        service = SampleService.start(db.url(), db.user(), db.password(), 0, 4);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aCustomerIsCreatedWithAPhoneAndReadBack() throws Exception {
        Reply created = post("/customers", "{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\", \"phone\": \"+44 20 7946 0000\"}");
        assertEquals(201, created.status, created.body);
        long id = created.id();

        Reply read = get("/customers/" + id);
        assertEquals(200, read.status, read.body);
        assertEquals(Map.of("id", id, "name", "Ada Lovelace", "email", "ada@example.com", "phone", "+44 20 7946 0000"), read.json());
        try (Connection c = db.connect()) {
            assertEquals(null, queryString(c, "select legacy_code from customers where id = " + id),
                    "release 2 no longer writes legacy_code");
        }
    }

    @Test
    void aCustomerWithoutPhoneReadsAsNull() throws Exception {
        long id = post("/customers", "{\"name\": \"Bob\", \"email\": \"bob@example.com\"}").id();
        assertEquals(null, get("/customers/" + id).json().get("phone"));
    }

    @Test
    void anOrderAndItsLinesAreWrittenTogether() throws Exception {
        long customer = post("/customers", "{\"name\": \"Cy\", \"email\": \"cy@example.com\"}").id();
        Reply placed = post("/orders", "{\"customerId\": " + customer + ", \"lines\": ["
                + "{\"sku\": \"BOOK-1\", \"quantity\": 2, \"priceCents\": 1250},"
                + "{\"sku\": \"PEN-7\", \"quantity\": 1, \"priceCents\": 300}]}");
        assertEquals(201, placed.status, placed.body);
        long order = placed.id();

        Map<String, Object> read = get("/orders/" + order).json();
        assertEquals(customer, read.get("customerId"));
        assertEquals(2800L, read.get("totalCents"));
        assertEquals("NEW", read.get("status"));
        assertEquals(List.of(Map.of("sku", "BOOK-1", "quantity", 2L, "priceCents", 1250L),
                Map.of("sku", "PEN-7", "quantity", 1L, "priceCents", 300L)), read.get("lines"));

        Reply recent = get("/customers/" + customer + "/orders");
        assertEquals(200, recent.status, recent.body);
        List<?> orders = (List<?>) Json.parse(recent.body);
        assertEquals(1, orders.size());
        assertEquals(order, ((Map<?, ?>) orders.get(0)).get("id"));
    }

    @Test
    void anOrderForAnUnknownCustomerWritesNothing() throws Exception {
        Reply refused = post("/orders", "{\"customerId\": 999999, \"lines\": [{\"sku\": \"X\", \"quantity\": 1, \"priceCents\": 1}]}");
        assertEquals(404, refused.status, refused.body);
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "orders"));
            assertEquals(0, count(c, "order_lines"));
        }
    }

    @Test
    void eventsAreWrittenAsOneBatch() throws Exception {
        long customer = post("/customers", "{\"name\": \"Di\", \"email\": \"di@example.com\"}").id();
        Reply written = post("/customers/" + customer + "/events", "{\"events\": ["
                + "{\"type\": \"login\"}, {\"type\": \"view\", \"payload\": \"/books/1\"}, {\"type\": \"logout\"}]}");
        assertEquals(201, written.status, written.body);
        assertEquals(3L, written.json().get("written"));
        try (Connection c = db.connect()) {
            assertEquals(3, count(c, "customer_events"));
            assertEquals("/books/1", queryString(c, "select payload from customer_events where event_type = 'view'"));
        }
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        Reply notJson = post("/customers", "{\"name\": ");
        assertEquals(400, notJson.status);
        assertTrue(notJson.body.contains("invalid JSON"), notJson.body);

        Reply missing = post("/customers", "{\"name\": \"No Email\"}");
        assertEquals(400, missing.status);
        assertTrue(missing.body.contains("email"), missing.body);

        Reply noLines = post("/orders", "{\"customerId\": 1, \"lines\": []}");
        assertEquals(400, noLines.status);

        assertEquals(404, get("/customers/424242").status);
        assertEquals(404, get("/nothing-here").status);
        assertEquals(405, post("/customers/1", "{}").status);
        assertEquals(200, get("/health").status);
    }

    /** Release 2's code really needs release 2's schema: on release 1, without the agent, its requests fail. */
    @Test
    void onTheRelease1SchemaWithoutTheAgentRelease2RequestsFail() throws Exception {
        try (TestDatabase old = TestDatabase.create(engine)) {
            load(old, SchemaScript.RELEASE_1);
            try (Connection c = old.connect(); Statement st = c.createStatement()) {
                st.execute("insert into customers (name, email, legacy_code) values ('Old', 'old@example.com', 'L-9')");
                st.execute("insert into orders (customer_id, total_cents) values (1, 500)");
            }
            try (SampleService release2 = SampleService.start(old.url(), old.user(), old.password(), 0, 2)) {
                String base = "http://127.0.0.1:" + release2.port();
                boolean pg = engine == Engine.POSTGRESQL;
                assertMiss(send(base, "GET", "/customers/1", null), pg ? "42703" : "1054");
                assertMiss(send(base, "POST", "/customers", "{\"name\": \"N\", \"email\": \"n@example.com\"}"), pg ? "42703" : "1054");
                assertMiss(send(base, "GET", "/orders/1", null), pg ? "42703" : "1054");
                assertMiss(send(base, "GET", "/customers/1/orders", null), pg ? "42703" : "1054");
                assertMiss(send(base, "POST", "/orders", "{\"customerId\": 1, \"lines\": [{\"sku\": \"A\", \"quantity\": 1, \"priceCents\": 5}]}"),
                        pg ? "42703" : "1054");
                assertMiss(send(base, "POST", "/customers/1/events", "{\"events\": [{\"type\": \"login\"}]}"), pg ? "42P01" : "1146");
            }
        }
    }

    private static void assertMiss(Reply reply, String code) {
        assertEquals(500, reply.status, reply.body);
        Map<String, Object> json = reply.json();
        String actual = "0".equals(String.valueOf(json.get("vendorCode"))) ? (String) json.get("sqlState")
                : String.valueOf(json.get("vendorCode"));
        assertEquals(code, actual, reply.body);
    }

    // ---- HTTP ----

    private record Reply(int status, String body) {
        Map<String, Object> json() {
            return Request.object(Json.parse(body), "reply");
        }

        long id() {
            assertTrue(status == 201, body);
            return (Long) json().get("id");
        }
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return send("http://127.0.0.1:" + service.port(), "GET", path, null);
    }

    private Reply post(String path, String body) throws IOException, InterruptedException {
        return send("http://127.0.0.1:" + service.port(), "POST", path, body);
    }

    private Reply send(String base, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
