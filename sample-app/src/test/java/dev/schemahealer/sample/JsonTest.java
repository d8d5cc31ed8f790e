package dev.schemahealer.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object parsed = Json.parse(" {\"a\": [1, -2, 3.5, true, false, null], \"b\": {\"c\": \"x\\\"y\\u00e9\\n\"}, \"d\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, new BigDecimal("3.5"), true, false, null));
        expected.put("b", Map.of("c", "x\"y\u00e9\n"));
        expected.put("d", Map.of());
        assertEquals(expected, parsed);
    }

    @Test
    void writesWhatItParses() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Zoë \"Z\" \\ \t");
        value.put("n", 12L);
        value.put("list", List.of(1L, "two"));
        value.put("nothing", null);
        String text = Json.write(value);
        assertEquals("{\"name\":\"Zoë \\\"Z\\\" \\\\ \\t\",\"n\":12,\"list\":[1,\"two\"],\"nothing\":null}", text);
        assertEquals(value, Json.parse(text));
    }

    @Test
    void refusesWhatIsNotOneCompleteValue() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "{\"a\": 1} x", "tru", "\"open", "{'a': 1}", "01x")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
