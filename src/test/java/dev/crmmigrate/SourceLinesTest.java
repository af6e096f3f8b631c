package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lines of Java source are at most 120 characters. The formatter (Spotless, palantir-java-format, checked by every
 * build) wraps code at 120 but leaves long string literals and comments alone; this catches those.
 */
class SourceLinesTest {
    static final int MAX = 120;

    @Test
    void noJavaSourceLineIsLongerThan120Characters() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).codePointCount(0, lines.get(i).length()) > MAX) {
                            tooLong.add(f + ":" + (i + 1));
                        }
                    }
                }
            }
        }
        assertThat(tooLong).as("lines over %d characters", MAX).isEmpty();
    }
}
