package io.ebats.cli;

import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import io.ebats.Names;
import io.ebats.cli.demo.DemoShop;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's resolved settings.
 *
 * @param config      the engine settings: flags over environment over file over defaults
 * @param file        the config file's contents (registry, worker defaults); empty when there is none
 * @param path        the config file read, or null
 * @param environment the environment variables and working directory the command runs in
 */
record Settings(EbatsConfig config, CliConfigFile file, Path path, CliEnvironment environment) {

    /** The file's event registry. */
    EventManager registry() {
        return file.engine().eventManager();
    }

    /** The registry {@code up} runs: the file's events, or the demo shop's registry when the file has none. */
    EventManager registryOrDemo() {
        return file.engine().registrations().isEmpty() ? DemoShop.registry() : registry();
    }

    /** The file's history settings under {@code EBATS_HISTORY_URL} and {@code EBATS_HISTORY_USER}. */
    HistoryDefaults history() {
        return file.history().withEnvironment(environment.variables());
    }

    /** The file's dashboard settings under {@code EBATS_DASHBOARD_TOKEN}. */
    DashboardDefaults dashboard() {
        return file.dashboard().withEnvironment(environment.variables());
    }

    /** The topics the file names: those of its registrations and its worker topics. */
    Set<String> knownTopics() {
        Set<String> topics = new TreeSet<>(registry().topics());
        topics.addAll(file.worker().topics());
        return topics;
    }

    /**
     * The topics a command is about: those given with {@code --topic}, or else the file's and {@code demo}, each
     * checked as a topic name.
     */
    Set<String> topicsOr(List<String> given) {
        Set<String> chosen = new LinkedHashSet<>(given);
        if (chosen.isEmpty()) {
            chosen.addAll(knownTopics());
            chosen.add(StatusCommand.DEMO_TOPIC);
        }
        chosen.forEach(t -> Names.require("topic", t));
        return chosen;
    }
}
