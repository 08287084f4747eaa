package io.ebats.cli;

import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Ebats;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ebats dead list}: shows dead letters, oldest first; they stay in the queue. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Shows dead letters, oldest first, as a table or JSON; they stay in the queue.")
final class DeadListCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Mixin
    private DeadLetterOptions options;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        CliLogging.oneShot();
        DeadLetterSource source = options.source();
        PrintWriter out = spec.commandLine().getOut();
        try (Ebats ebats = common.connect(common.settings())) {
            List<DeadLetter> letters = options.hasFilter()
                    ? ebats.deadLetters().list(source, Integer.MAX_VALUE).stream().filter(options.filter())
                            .limit(options.listLimit()).toList()
                    : ebats.deadLetters().list(source, options.listLimit());
            if (json) {
                JsonOutput.print(out, letters.stream().map(DeadListCommand::toJson).toList());
                return 0;
            }
            Table table = new Table("ID", "TASK", "REASON", "ATTEMPTS", "DEAD AT", "ERROR");
            for (DeadLetter letter : letters) {
                table.row(letter.id(), letter.name(), letter.reason(), letter.attempts(),
                        letter.deadAt().truncatedTo(ChronoUnit.SECONDS),
                        Table.errorCell(letter.errorClass(), letter.errorMessage()));
            }
            table.print(out);
            long total = ebats.deadLetters().count(source);
            out.println(letters.size() + " shown, " + total + " in all in " + source);
        }
        return 0;
    }

    private static Map<String, Object> toJson(DeadLetter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", letter.id());
        json.put("name", letter.name());
        json.put("source", letter.source().kind().name().toLowerCase(Locale.ROOT));
        json.put("sourceName", letter.source().name());
        json.put("reason", letter.reason());
        json.put("attempts", letter.attempts());
        json.put("deadAt", letter.deadAt().toString());
        json.put("errorClass", letter.errorClass());
        json.put("errorMessage", letter.errorMessage());
        json.put("stack", letter.stack());
        json.put("body", letter.body());
        json.put("headers", letter.headers());
        return json;
    }
}
