package dev.schemahealer.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests by method and path pattern to handlers, and turns their outcome into JSON
 * responses: {@link ApiException} into its status, a database error into a 500 that carries the
 * SQLState and vendor code (so a client, and the demo, can see what failed).
 */
final class HttpApi implements HttpHandler {

    /** A route's work; it may use the database and throw its exceptions. */
    interface Handler {
        Response handle(Request request) throws SQLException;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final List<Route> routes = new ArrayList<>();

    /** @param path a regular expression for the whole path; its groups become path parameters */
    HttpApi route(String method, String path, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Response response;
            String label = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            try {
                response = dispatch(exchange);
            } catch (ApiException e) {
                response = new Response(e.status(), Map.of("error", e.getMessage()));
            } catch (SQLException e) {
                LOG.error("{} failed: SQLState {}, code {}: {}", label, e.getSQLState(), e.getErrorCode(), e.getMessage());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "database error");
                body.put("sqlState", e.getSQLState());
                body.put("vendorCode", e.getErrorCode());
                body.put("message", e.getMessage());
                response = new Response(500, body);
            } catch (RuntimeException e) {
                LOG.error("{} failed", label, e);
                response = new Response(500, Map.of("error", String.valueOf(e)));
            }
            send(exchange, response);
        } finally {
            exchange.close();
        }
    }

    private Response dispatch(HttpExchange exchange) throws IOException, SQLException {
        String path = exchange.getRequestURI().getPath();
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.path.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method.equals(exchange.getRequestMethod())) {
                continue;
            }
            List<String> params = new ArrayList<>(m.groupCount());
            for (int i = 1; i <= m.groupCount(); i++) {
                params.add(m.group(i));
            }
            return route.handler.handle(new Request(params, body(exchange)));
        }
        return pathKnown
                ? new Response(405, Map.of("error", "method not allowed"))
                : new Response(404, Map.of("error", "no such resource: " + path));
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiException.badRequest("request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
