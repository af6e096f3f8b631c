package dev.crmmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.dedupe.Nicknames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantedPeopleTest {
    @TempDir
    Path dir;

    @Test
    void aSmallSetHasItsRecordsClustersOfOneToFourAndTheDuplicatesDiffer() throws IOException {
        Path a = dir.resolve("a.csv");
        long n = PlantedPeople.write(0.05, 7, a);
        List<String> lines = Files.readAllLines(a);
        assertThat(n).isEqualTo(Math.round(32_584 * 0.05));
        assertThat(lines).hasSize((int) n + 1);
        assertThat(lines.get(0)).isEqualTo("unique_id,first_name,surname,dob,city,email,cluster");

        Map<String, List<String[]>> clusters = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).as(line).hasSize(7);
            clusters.computeIfAbsent(f[6], k -> new ArrayList<>()).add(f);
        }
        assertThat(clusters.values()).allSatisfy(c -> assertThat(c).hasSizeBetween(1, 4));
        long multi = clusters.values().stream().filter(c -> c.size() > 1).count();
        assertThat(multi).as("people with duplicates").isGreaterThan(clusters.size() / 4);
        // Duplicates an email rule cannot find: another address or none.
        long otherEmail = clusters.values().stream()
                .filter(c -> c.size() > 1)
                .filter(c -> c.stream().anyMatch(r -> !r[5].equals(c.get(0)[5])))
                .count();
        assertThat(otherEmail).isGreaterThan(multi / 3);
        // A nickname somewhere: a first record's name whose duplicate carries a short form of it.
        assertThat(clusters.values().stream()
                        .filter(c -> c.size() > 1)
                        .anyMatch(c -> c.stream()
                                .anyMatch(r -> Nicknames.canonical(r[1].toLowerCase(Locale.ROOT))
                                                .equals(c.get(0)[1].toLowerCase(Locale.ROOT))
                                        && !r[1].equals(c.get(0)[1]))))
                .isTrue();

        Path b = dir.resolve("b.csv");
        PlantedPeople.write(0.05, 7, b);
        assertThat(Files.mismatch(a, b)).as("same seed, same bytes").isEqualTo(-1L);
    }
}
