package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.Names;
import io.ebats.TopicStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebats pause TOPIC…} and {@code ebats resume TOPIC…}: every worker of the topics, wherever it runs, stops
 * or starts again taking their tasks within a second. Each topic must exist (its queue declared); nothing is paused
 * or resumed when one does not.
 */
abstract class TopicPauseCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", arity = "1..*", description = "The topics.")
    private List<String> topics = new ArrayList<>();

    @Override
    public Integer call() {
        CliLogging.oneShot();
        Set<String> given = new LinkedHashSet<>(topics);
        given.forEach(t -> Names.require("topic", t));
        PrintWriter out = spec.commandLine().getOut();
        try (Ebats ebats = common.connect(common.settings())) {
            List<TopicStatus> states = ebats.status(given).topics();
            List<String> missing = states.stream().filter(t -> !t.exists()).map(TopicStatus::topic).toList();
            if (!missing.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no topic " + String.join(", ", missing)
                        + " in namespace " + ebats.config().namespace() + ": its queue "
                        + ebats.config().namespace() + ".task." + missing.get(0) + " does not exist (a worker of "
                        + "the topic or a task for it declares it); nothing was " + done());
            }
            for (TopicStatus topic : states) {
                out.println(apply(ebats, topic.topic()) + " (" + topic.ready() + " task" + (topic.ready() == 1
                        ? " ready waits" : "s ready wait") + ")");
            }
        }
        out.flush();
        return 0;
    }

    /** What the command does, in the past tense. */
    abstract String done();

    /** Pauses or resumes one topic; says what happened. */
    abstract String apply(Ebats ebats, String topic);

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pauses topics: every worker of them, in every process, stops taking their tasks within "
                    + "a second; running tasks finish, the others wait in the queue, and so do tasks created or "
                    + "coming due meanwhile. Kept by the broker until resumed; a worker started meanwhile starts "
                    + "paused."})
    static final class Pause extends TopicPauseCommand {
        @Override
        String done() {
            return "paused";
        }

        @Override
        String apply(Ebats ebats, String topic) {
            return ebats.topics().pause(topic) ? "paused " + topic : topic + " was paused already";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resumes paused topics: their workers take their tasks again within a second.")
    static final class Resume extends TopicPauseCommand {
        @Override
        String done() {
            return "resumed";
        }

        @Override
        String apply(Ebats ebats, String topic) {
            return ebats.topics().resume(topic) ? "resumed " + topic : topic + " was not paused";
        }
    }
}
