package dev.crmmigrate.config;

import java.util.Map;
import java.util.Objects;

/**
 * Spark session settings.
 *
 * @param master     Spark master; default {@code local[*]}. Ignored under spark-submit, which sets its own.
 * @param appName    application name shown by the cluster; default {@code crm-migrate}
 * @param conf       extra {@code spark.*} settings passed through unchanged (the Delta extension and catalog are always
 * set)
 */
public record SparkSettings(String master, String appName, Map<String, String> conf) {
    public SparkSettings {
        master = Objects.requireNonNullElse(master, "local[*]");
        appName = Objects.requireNonNullElse(appName, "crm-migrate");
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }
}
