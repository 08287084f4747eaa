package io.ebats.internal.execution;

import io.ebats.internal.message.Json;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A task's params as a map that reads its JSON body only when first used, so that a handler that ignores its
 * params does not pay for them. The body was validated as a JSON object when the task was decoded. Mutable like
 * the map it reads into; not thread-safe, like the {@link io.ebats.TaskContext} it comes from.
 */
final class LazyParams extends AbstractMap<String, Object> {

    private final byte[] body;
    private Map<String, Object> read;

    LazyParams(byte[] body) {
        this.body = body;
    }

    private Map<String, Object> map() {
        if (read == null) {
            read = Json.readObject(body);
        }
        return read;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map().entrySet();
    }

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(key);
    }

    @Override
    public Object get(Object key) {
        return map().get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return map().put(key, value);
    }

    @Override
    public Object remove(Object key) {
        return map().remove(key);
    }
}
