package dev.crmmigrate.stage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one format of run ids, {@code <job>_<yyyyMMdd_HHmmss_SSS>} in UTC: they sort in time order (the re-audit and the
 * resume of an unfinished run rely on it) and two runs in the same second still differ.
 */
public final class RunIds {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS").withZone(ZoneOffset.UTC);

    private RunIds() {}

    public static String next(String job) {
        return job + "_" + STAMP.format(Instant.now());
    }
}
