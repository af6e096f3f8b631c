package dev.crmmigrate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crmmigrate.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a run's reports under {@code <work>/reports/<run-id>/} and refreshes {@code <work>/reports/latest/}:
 * {@code summary.json} (sections and keys of the acceptance figures), {@code report.md} and {@code report.html}.
 */
public final class ReportWriter {
    private ReportWriter() {}

    public static Path write(Path reportsDir, String runId, Map<String, Object> summary, String markdown, String html) {
        Path dir = reportsDir.resolve(runId);
        Path latest = reportsDir.resolve("latest");
        try {
            Files.createDirectories(dir);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("summary.json").toFile(), summary);
            Files.writeString(dir.resolve("report.md"), markdown);
            if (html != null) {
                Files.writeString(dir.resolve("report.html"), html);
            }
            Files.createDirectories(latest);
            try (Stream<Path> old = Files.list(latest)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.copy(f, latest.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw Errors.runtime("writing the report to %s failed: %s", dir, e.getMessage());
        }
    }
}
