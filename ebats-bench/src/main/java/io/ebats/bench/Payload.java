package io.ebats.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of every message of a run, {@code {"seq": i, "pad": "xxx…"}}, padded to {@link #size()} bytes for a
 * sequence number of four digits (300 B by default). Immutable.
 */
final class Payload {

    private final int size;
    private final String pad;

    Payload(int size) {
        this.size = size;
        this.pad = "x".repeat(Math.max(0, size - "{\"seq\":1234,\"pad\":\"\"}".length()));
    }

    /** Bytes of the baseline's body, and about those of the ebats scenarios' JSON params. */
    int size() {
        return size;
    }

    /** The params of task or event {@code index}. */
    Map<String, Object> params(int index) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seq", index);
        params.put("pad", pad);
        return params;
    }

    /** The same JSON as bytes, written by hand, for the baseline. */
    byte[] raw(int index) {
        return ("{\"seq\":" + index + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
