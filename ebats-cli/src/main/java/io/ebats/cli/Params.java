package io.ebats.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameters of an event or task from {@code --json} (a JSON object) and {@code --param K=V} (strings). */
final class Params {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Params() {
    }

    /**
     * The {@code --json} object with the {@code --param} entries over it.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object
     */
    static Map<String, Object> merge(String json, Map<String, String> params) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (json != null) {
            merged.putAll(object("--json", json));
        }
        merged.putAll(params);
        return merged;
    }

    static Map<String, Object> object(String option, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(option + " is not valid JSON: " + ErrorReporter.oneLine(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(option + " must be a JSON object such as {\"order_id\": \"FB1\"}, was "
                    + abbreviate(json));
        }
        return JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static String abbreviate(String text) {
        String line = ErrorReporter.oneLine(text);
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }
}
