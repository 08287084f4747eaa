package io.ebats.cli;

import io.ebats.ConfigFile;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's resolved settings.
 *
 * @param config the engine settings: flags over environment over file over defaults
 * @param file   the config file's contents (registry, worker defaults); empty when there is none
 * @param path   the config file read, or null
 */
record Settings(EbatsConfig config, ConfigFile file, Path path) {

    /** The file's event registry. */
    EventManager registry() {
        return new EventManager().registerAll(file.registrations());
    }

    /** The topics the file names: those of its registrations and its worker topics. */
    Set<String> knownTopics() {
        Set<String> topics = new TreeSet<>(registry().topics());
        topics.addAll(file.worker().topics());
        return topics;
    }
}
