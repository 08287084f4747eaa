package io.ebats.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/** {@code GET /api/dead}, {@code POST /api/dead/replay} and {@code POST /api/dead/discard}. */
final class DeadLetterResource {

    /** Dead letters read to find those matching a filter; the actions always scan the whole queue. */
    static final int MAX_SCANNED = 10_000;
    private static final int ID_ROUNDS = 3;
    private static final long ID_ROUND_PAUSE_MILLIS = 300;

    private final SystemView system;

    DeadLetterResource(SystemView system) {
        this.system = system;
    }

    void list(HttpCall call) throws IOException {
        List<Map<String, Object>> sources = new ArrayList<>();
        String firstWithLetters = null;
        for (DeadLetterSource source : knownSources()) {
            long count = system.ebats().deadLetters().count(source);
            sources.add(Map.of("source", key(source), "count", count));
            if (firstWithLetters == null && count > 0) {
                firstWithLetters = key(source);
            }
        }
        String chosen = call.param("source") != null ? call.param("source")
                : firstWithLetters != null ? firstWithLetters : sources.isEmpty() ? "events"
                : (String) sources.getFirst().get("source");
        DeadLetterSource source = parseSource(chosen);
        int limit = call.intParam("limit", 200, 1, 1000);
        Predicate<DeadLetter> filter = filter(call.param("reason"), call.param("name"), call.param("q"));
        List<Map<String, Object>> letters = system.ebats().deadLetters().list(source, MAX_SCANNED).stream()
                .filter(filter).limit(limit).map(DeadLetterResource::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sources", sources);
        body.put("source", key(source));
        body.put("total", system.ebats().deadLetters().count(source));
        body.put("letters", letters);
        call.json(200, body);
    }

    void replay(HttpCall call) throws IOException {
        Selection selection = selection(call.jsonBody());
        call.json(200, Map.of("replayed", apply(selection, system.ebats().deadLetters()::replay)));
    }

    void discard(HttpCall call) throws IOException {
        Selection selection = selection(call.jsonBody());
        call.json(200, Map.of("discarded", apply(selection, system.ebats().deadLetters()::purge)));
    }

    /**
     * Applies the action. Named dead letters that another process holds for a moment (its own read of the queue)
     * are invisible: those not found are looked for again, a few times.
     */
    private static int apply(Selection selection, BiFunction<DeadLetterSource, Predicate<DeadLetter>, Integer> action) {
        if (selection.ids == null) {
            return action.apply(selection.source, selection.filter);
        }
        Set<String> missing = new HashSet<>(selection.ids);
        int done = 0;
        for (int round = 0; round < ID_ROUNDS && !missing.isEmpty(); round++) {
            if (round > 0) {
                pause();
            }
            Set<String> found = ConcurrentHashMap.newKeySet();
            done += action.apply(selection.source, letter -> missing.contains(letter.id()) && found.add(letter.id()));
            missing.removeAll(found);
        }
        return done;
    }

    private static void pause() {
        try {
            Thread.sleep(ID_ROUND_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The dead letters an action applies to: the listed ids (then {@code ids} is set), or all matching. */
    private record Selection(DeadLetterSource source, Predicate<DeadLetter> filter, Set<String> ids) {
    }

    private static Selection selection(JsonNode body) {
        JsonNode sourceNode = body.get("source");
        if (sourceNode == null || !sourceNode.isTextual()) {
            throw ApiError.badRequest("'source' is required: topic:NAME, events or consumer:QUEUE");
        }
        DeadLetterSource source = parseSource(sourceNode.asText());
        JsonNode ids = body.get("ids");
        boolean all = body.path("all").asBoolean(false);
        if ((ids == null) == !all) {
            throw ApiError.badRequest("give either 'ids' (a list of dead-letter ids) or \"all\": true with a filter");
        }
        if (all) {
            return new Selection(source, filter(text(body, "reason"), text(body, "name"), text(body, "q")), null);
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw ApiError.badRequest("'ids' must be a non-empty list of dead-letter ids");
        }
        Set<String> wanted = new HashSet<>();
        ids.forEach(id -> wanted.add(id.asText()));
        return new Selection(source, letter -> wanted.contains(letter.id()), wanted);
    }

    private static Predicate<DeadLetter> filter(String reason, String name, String text) {
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
        return letter -> (reason == null || reason.equals(letter.reason()))
                && (name == null || name.equals(letter.name()))
                && (needle == null || contains(letter.body(), needle) || contains(letter.errorMessage(), needle)
                        || contains(letter.id(), needle));
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    private List<DeadLetterSource> knownSources() {
        List<DeadLetterSource> sources = new ArrayList<>();
        system.topics().forEach(topic -> sources.add(DeadLetterSource.topic(topic)));
        sources.add(DeadLetterSource.events());
        return sources;
    }

    static DeadLetterSource parseSource(String text) {
        try {
            if (text.equals("events")) {
                return DeadLetterSource.events();
            } else if (text.startsWith("topic:")) {
                return DeadLetterSource.topic(text.substring("topic:".length()));
            } else if (text.startsWith("consumer:")) {
                return DeadLetterSource.consumer(text.substring("consumer:".length()));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("bad source '" + text + "': " + e.getMessage());
        }
        throw ApiError.badRequest("source must be topic:NAME, events or consumer:QUEUE; was '" + text + "'");
    }

    static String key(DeadLetterSource source) {
        return switch (source.kind()) {
            case TOPIC -> "topic:" + source.name();
            case EVENTS -> "events";
            case CONSUMER -> "consumer:" + source.name();
        };
    }

    private static Map<String, Object> view(DeadLetter d) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("id", d.id());
        letter.put("name", d.name());
        letter.put("source", key(d.source()));
        letter.put("reason", d.reason());
        letter.put("errorClass", d.errorClass());
        letter.put("errorMessage", d.errorMessage());
        letter.put("stack", d.stack());
        letter.put("attempts", d.attempts());
        letter.put("deadAt", d.deadAt());
        letter.put("body", d.body());
        Map<String, String> headers = new LinkedHashMap<>();
        if (d.headers() != null) {
            d.headers().forEach((k, v) -> headers.put(k, String.valueOf(v)));
        }
        letter.put("headers", headers);
        return letter;
    }
}
