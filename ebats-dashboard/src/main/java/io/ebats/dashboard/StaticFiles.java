package io.ebats.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The pages' files, from the class path folder {@code io/ebats/dashboard/static}. */
final class StaticFiles {

    private static final String ROOT = "/io/ebats/dashboard/static/";
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Serves {@code /} as {@code index.html} and {@code /NAME} as the file; 404 otherwise. */
    void serve(HttpCall call) throws IOException {
        String name = call.path().equals("/") ? "index.html" : call.path().substring(1);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        byte[] content = SAFE_NAME.matcher(name).matches() && TYPES.containsKey(extension) ? load(name) : null;
        if (content == null) {
            throw ApiError.notFound("no such page: " + call.path());
        }
        call.send(200, TYPES.get(extension), content);
    }

    private byte[] load(String name) throws IOException {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readAllBytes();
            cache.put(name, content);
            return content;
        }
    }
}
