package dev.crmmigrate.followup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a follow-up reports for a person to look at, kept the way a report can show it: a count per kind, the first
 * {@value #EXAMPLES} findings, and every finding in a CSV file (kind, finding) written as they come, so the list can be
 * as long as the data (at scale 1 the email_queue step finds 475 shared addresses) without being held in memory.
 */
public final class Findings implements AutoCloseable {
    public static final int EXAMPLES = 10;
    private final Path csv;
    private ReviewFile.Printer out;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();

    /** @param csv where every finding goes, created at the first one; {@code null}: counts and examples only */
    public Findings(Path csv) {
        this.csv = csv;
    }

    /** Records one finding of a kind ("recipient without person", "check failed", …); the text names the row. */
    public void add(String kind, String text) {
        counts.merge(kind, 1L, Long::sum);
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
        if (csv == null) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(csv.toAbsolutePath().getParent());
                out = ReviewFile.writer(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), "kind", "finding");
            }
            out.printRecord(kind, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the findings to " + csv, e);
        }
    }

    public boolean has(String kind) {
        return counts.containsKey(kind);
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the findings to " + csv, e);
            }
        }
    }

    /** The findings as the report shows them (call after the last {@link #add}). */
    public Summary summary() {
        close();
        return new Summary(
                Collections.unmodifiableMap(new LinkedHashMap<>(counts)),
                List.copyOf(examples),
                out == null ? null : csv);
    }

    /**
     * @param counts   findings per kind, complete
     * @param examples the first {@value #EXAMPLES}
     * @param csv      every finding, or {@code null} when there was none (or no file was asked for)
     */
    public record Summary(Map<String, Long> counts, List<String> examples, Path csv) {
        public static final Summary NONE = new Summary(Map.of(), List.of(), null);

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
