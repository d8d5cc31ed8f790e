package dev.schemahealer.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One API request: the path parameters its route captured and its JSON body, with typed accessors
 * that answer bad input with a 400 naming the field.
 */
public final class Request {

    private final List<String> pathParams;
    private final String body;

    Request(List<String> pathParams, String body) {
        this.pathParams = pathParams;
        this.body = body;
    }

    /** The {@code index}-th captured path segment (from 1) as an id. */
    public long pathId(int index) {
        String raw = pathParams.get(index - 1);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("not an id: " + raw);
        }
    }

    /** The body as a JSON object. */
    public Map<String, Object> json() {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        return object(parsed, "body");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiException.badRequest(what + " must be a JSON object");
    }

    public static String text(Map<String, Object> json, String field, int maxLength, boolean required) {
        Object value = json.get(field);
        if (value == null) {
            if (required) {
                throw ApiException.badRequest("missing field: " + field);
            }
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.badRequest(field + " must be a string");
        }
        if (required && s.isBlank()) {
            throw ApiException.badRequest(field + " must not be empty");
        }
        if (s.length() > maxLength) {
            throw ApiException.badRequest(field + " is longer than " + maxLength + " characters");
        }
        return s;
    }

    public static long number(Map<String, Object> json, String field, long min, long max) {
        Object value = json.get(field);
        if (value == null) {
            throw ApiException.badRequest("missing field: " + field);
        }
        long n;
        if (value instanceof Long l) {
            n = l;
        } else if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            n = d.longValue();
        } else {
            throw ApiException.badRequest(field + " must be a whole number");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max);
        }
        return n;
    }

    public static List<?> list(Map<String, Object> json, String field, int minSize, int maxSize) {
        Object value = json.get(field);
        if (!(value instanceof List<?> list)) {
            throw ApiException.badRequest(field + " must be a JSON array");
        }
        if (list.size() < minSize || list.size() > maxSize) {
            throw ApiException.badRequest(field + " must have " + minSize + " to " + maxSize + " entries");
        }
        return list;
    }
}
