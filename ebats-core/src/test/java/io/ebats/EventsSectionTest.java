package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code unique} of a registration in {@code events:}: its shape, its default and every bad value's path. */
class EventsSectionTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("ebats.yml"), yaml);
    }

    private ConfigFile load(String yaml) throws IOException {
        return ConfigFile.load(write(yaml));
    }

    @Test
    void aUniqueKeyWithAWindowIsATemplateOverTheEventsParams() throws IOException {
        ConfigFile file = load("""
                events:
                  order_paied:
                    - { task: ship, topic: demo, unique: { key: "order:{order_id}", for: 10m } }
                    - { task: mail, topic: demo, unique: { key: "mail:{order_id}" } }
                    - { task: bill, topic: demo }
                """);

        assertThat(file.registrations()).containsExactly(
                new Registration("order_paied", "ship", "demo")
                        .withUnique(UniqueKey.template("order:{order_id}", Duration.ofMinutes(10))),
                new Registration("order_paied", "mail", "demo").withUnique(UniqueKey.template("mail:{order_id}")),
                new Registration("order_paied", "bill", "demo"));
        Registration ship = file.registrations().get(0);
        assertThat(ship.unique().resolve("ship", Map.of("order_id", 42))).isEqualTo("order:42");
        assertThat(file.registrations().get(1).unique().window()).as("free once succeeded").isZero();
        assertThat(file.registrations().get(2).unique()).isNull();
    }

    @Test
    void aKeyWithoutPlaceholdersIsTheKeyItself() throws IOException {
        Registration r = load("events: { nightly: [ { task: report, topic: demo, unique: { key: report } } ] }\n")
                .registrations().get(0);

        assertThat(r.unique().resolve("report", Map.of())).isEqualTo("report");
    }

    @Test
    void aBadKeyOrWindowNamesItsPath() throws IOException {
        Path path = write("");
        assertThatThrownBy(() -> load("events: { order_paied: [ { task: ship, topic: demo, unique: { key: '' } } ] }"))
                .hasMessage(path + ": events.order_paied[0].unique.key: unique key must not be empty");
        assertThatThrownBy(() -> load("events: { order_paied: [ { task: ship, topic: demo, unique: { for: 1m } } ] }"))
                .hasMessage(path + ": events.order_paied[0].unique.key is required");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: { key: 'k:{}' } } ] }"))
                .hasMessageContaining("events.e[0].unique.key: unique key template k:{} has an empty placeholder");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: { key: k, for: PT0.0005S } } ] }"))
                .hasMessage(path + ": events.e[0].unique.for: window of unique key k must be zero or at least 1 ms,"
                        + " was PT0.0005S");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: { key: k, for: soon } } ] }"))
                .hasMessageContaining("events.e[0].unique.for must be a duration like 10s, 500ms or 2h, was 'soon'");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: { key: '" + "x".repeat(256)
                + "' } } ] }")).hasMessageContaining("events.e[0].unique.key: unique key template must be at most 255 characters besides");
    }

    @Test
    void anUnknownFieldOrAPlainValueIsRefused() throws IOException {
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: { key: k, fro: 1m } } ] }"))
                .hasMessageEndingWith(": unknown key events.e[0].unique.fro (did you mean events.e[0].unique.for?)");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, unique: 'order:{id}' } ] }"))
                .hasMessageContaining("events.e[0].unique must be a mapping of keys to values");
        assertThatThrownBy(() -> load("events: { e: [ { task: t, topic: d, uniqe: { key: k } } ] }"))
                .hasMessageEndingWith(": unknown key events.e[0].uniqe (did you mean events.e[0].unique?)");
    }
}
