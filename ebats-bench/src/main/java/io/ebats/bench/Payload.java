package io.ebats.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ~300 B message of every scenario: {@code {"seq": i, "pad": "xxx…"}}. */
final class Payload {

    /** Bytes of the baseline's body, and about those of the ebats scenarios' JSON params. */
    static final int SIZE = 300;
    /** Filler that brings the JSON params of a four-digit {@code seq} to {@value #SIZE} bytes. */
    static final String PAD = "x".repeat(SIZE - "{\"seq\":1234,\"pad\":\"\"}".length());

    private Payload() {
    }

    /** The params of task or event {@code index}. */
    static Map<String, Object> params(int index) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seq", index);
        params.put("pad", PAD);
        return params;
    }

    /** The same JSON as bytes, written by hand, for the baseline. */
    static byte[] raw(int index) {
        return ("{\"seq\":" + index + ",\"pad\":\"" + PAD + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
