package io.ebats.internal.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;

/** The one JSON mapper of the engine, with size and depth limits on everything it reads. */
public final class Json {

    public static final int MAX_DEPTH = 64;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(16 * 1024 * 1024)
                    .maxNumberLength(100)
                    .build())
            .build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .registerModule(new JavaTimeModule());

    private Json() {
    }

    /**
     * Serialises task or event params; they must form a JSON object.
     *
     * @throws IllegalArgumentException when they do not
     */
    public static byte[] writeParams(Object params) {
        if (params == null) {
            return EMPTY_OBJECT;
        }
        if (params instanceof byte[] raw) {
            requireObject(raw);
            return raw;
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        // written in one pass, without a tree: Jackson writes no leading whitespace, so the first byte tells
        if (json.length == 0 || json[0] != '{') {
            throw new IllegalArgumentException("params must serialise to a JSON object, got " + kind(json)
                    + " from " + params.getClass().getName());
        }
        return json;
    }

    private static String kind(byte[] json) {
        if (json.length == 0) {
            return "nothing";
        }
        return switch (json[0]) {
            case '[' -> "ARRAY";
            case '"' -> "STRING";
            case 't', 'f' -> "BOOLEAN";
            case 'n' -> "NULL";
            default -> "NUMBER";
        };
    }

    /**
     * Checks, without building objects, that {@code body} is one well-formed JSON object within the limits.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void requireObject(byte[] body) {
        try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("body has content after the JSON object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e));
        }
    }

    /** Reads a JSON object into a map, in one pass. */
    public static Map<String, Object> readObject(byte[] body) {
        try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            Map<String, Object> map = MAPPER.readValue(parser, MAP);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("body has content after the JSON object");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + firstLine(e));
        }
    }

    /** Binds a JSON object to {@code type}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("params do not fit " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
