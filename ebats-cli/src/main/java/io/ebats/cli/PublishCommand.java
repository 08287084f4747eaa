package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ebats publish}: publishes an event and prints its id once the broker confirmed it. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publishes an event and prints its id once the broker confirmed it.")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EVENT", description = "The event name, e.g. order_paied.")
    private String event;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A string parameter; repeatable.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "JSON", description = "Parameters as a JSON object; --param wins.")
    private String json;

    @Option(names = "--id", paramLabel = "ID", description = "The event id (default: a random UUID).")
    private String id;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        Event toPublish = Event.of(event, Params.merge(json, params));
        if (id != null) {
            toPublish.id(id);
        }
        Settings settings = common.settings();
        try (Ebats ebats = common.connect(settings)) {
            spec.commandLine().getOut().println(ebats.publish(toPublish));
        }
        return 0;
    }
}
