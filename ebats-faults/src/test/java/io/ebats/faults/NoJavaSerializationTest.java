package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nothing in ebats reads Java serialization: every message is JSON, read with size and depth limits. */
class NoJavaSerializationTest {

    @Test
    void noMainSourceUsesJavaDeserialization() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/")).toList();
        }
        assertThat(sources).as("main sources found under " + root).hasSizeGreaterThan(50);
        for (Path source : sources) {
            String text = Files.readString(source);
            assertThat(text).as(source.toString())
                    .doesNotContain("ObjectInputStream")
                    .doesNotContain(".readObject()")
                    .doesNotContain("XMLDecoder")
                    .doesNotContain("enableDefaultTyping")
                    .doesNotContain("activateDefaultTyping");
        }
    }
}
