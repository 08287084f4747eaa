package io.ebats.cli;

import io.ebats.HandlesTask;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A user's handler class, loaded by name with {@code --handlers}; also overrides the demo's closeOrder. */
public final class GreetingTasks {

    private static final Logger log = LoggerFactory.getLogger(GreetingTasks.class);

    @HandlesTask("greet")
    public void greet(Map<String, Object> params) {
        log.info("hello {}", params.get("name"));
    }

    @HandlesTask("closeOrder")
    public void closeOrder() {
        log.info("closeOrder of the user");
    }
}
