package io.ebats.cli;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every command: broker, config file, namespace, verbosity. Settings are resolved as flag, then
 * {@code EBATS_*} environment variables, then the config file, then the defaults.
 */
final class CommonOptions {

    static final String DEFAULT_CONFIG_FILE = "ebats.yml";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--broker", paramLabel = "URI", description = "Broker URI (default: $EBATS_BROKER_URI, "
            + "the config file's broker, then " + BrokerSettings.DEFAULT_URI + ").")
    private String broker;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: ./" + DEFAULT_CONFIG_FILE + " when it exists).")
    private Path config;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "Prefix of every exchange and queue (default: $EBATS_NAMESPACE, the config file's, "
                    + "then " + EbatsConfig.DEFAULT_NAMESPACE + ").")
    private String namespace;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces on errors.")
    private boolean verbose;

    /** Reads the config file and applies the environment and the flags. */
    Settings settings() {
        if (verbose) {
            CliLogging.verbose();
        }
        CliEnvironment environment = environment();
        Path file = configFile(environment);
        CliConfigFile loaded = file == null ? CliConfigFile.empty() : CliConfigFile.load(file);
        EbatsConfig fromEnvironment = loaded.engine().config().toBuilder().environment(environment.variables())
                .build();
        EbatsConfig.Builder resolved = fromEnvironment.toBuilder();
        if (broker != null) {
            resolved.broker(brokerFromFlag(fromEnvironment.broker(), broker));
        }
        if (namespace != null) {
            resolved.namespace(namespace);
        }
        return new Settings(resolved.build(), loaded, file, environment);
    }

    /** Whether a broker was named: by --broker, by EBATS_BROKER_URI / EBATS_BROKER_ADDRESSES, or in the file. */
    boolean brokerGiven(Settings settings) {
        if (broker != null) {
            return true;
        }
        Map<String, String> env = environment().variables();
        if (!isBlank(env.get("EBATS_BROKER_URI")) || !isBlank(env.get("EBATS_BROKER_ADDRESSES"))) {
            return true;
        }
        return !settings.file().engine().config().broker().equals(BrokerSettings.defaults());
    }

    /** The environment the command runs in. */
    CliEnvironment environment() {
        return ((EbatsCommand) command.root().userObject()).environment();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Connects to the broker of the resolved settings. */
    Ebats connect(Settings settings) {
        return Ebats.connect(settings.config());
    }

    private Path configFile(CliEnvironment environment) {
        if (config != null) {
            Path file = environment.resolve(config);
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(command.commandLine(), "config file " + config + " does not exist");
            }
            return file;
        }
        Path fallback = environment.resolve(Path.of(DEFAULT_CONFIG_FILE));
        return Files.isRegularFile(fallback) ? fallback : null;
    }

    /** A URI given on the command line brings its own credentials and virtual host, when it has them. */
    private static BrokerSettings brokerFromFlag(BrokerSettings current, String uri) {
        BrokerSettings.Builder settings = current.toBuilder();
        try {
            settings.uri(uri.trim());
        } catch (IllegalArgumentException e) {
            // the builder's message starts with the field, "uri must ...": name the flag instead
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^uri ", "--broker "), e);
        }
        URI parsed = URI.create(uri.trim());
        if (parsed.getRawUserInfo() != null) {
            settings.credentials(null, null);
        }
        if (parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() && !parsed.getRawPath().equals("/")) {
            settings.virtualHost(null);
        }
        return settings.build();
    }
}
