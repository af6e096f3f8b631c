package dev.crmmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules of the README's architecture section that a reader of the source can check: file size, package cycles. */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java/dev/crmmigrate");
    static final int MAX_LINES = 400;
    static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?dev\\.crmmigrate\\.([a-z]+)\\.", Pattern.MULTILINE);

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void noMainFileIsOver400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        List<Path> files = sources();
        for (Path f : files) {
            long n = Files.readAllLines(f, StandardCharsets.UTF_8).size();
            if (n > MAX_LINES) {
                tooLong.add(f + ": " + n);
            }
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(tooLong).as("main files over %d lines", MAX_LINES).isEmpty();
    }

    @Test
    void noTwoPackagesImportEachOther() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (Path f : sources()) {
            Path dir = MAIN.relativize(f).getParent();
            String pkg = dir == null ? "" : dir.toString();
            Matcher m = IMPORT.matcher(Files.readString(f, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    imports.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        imports.forEach((a, used) -> used.forEach(b -> {
            if (a.compareTo(b) < 0 && imports.getOrDefault(b, Set.of()).contains(a)) {
                cycles.add(a + " <-> " + b);
            }
        }));
        assertThat(imports).as("packages read").hasSizeGreaterThan(10);
        assertThat(cycles).as("package pairs that import each other").isEmpty();
    }
}
