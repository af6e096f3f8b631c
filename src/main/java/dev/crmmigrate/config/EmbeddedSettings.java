package dev.crmmigrate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded PostgreSQL (zonky, PostgreSQL 17), used when no target URL is configured.
 *
 * @param port    TCP port on loopback; default 54329 so that {@code db url} is stable; 0 picks a free port
 * @param dataDir data directory; default {@code <work_dir>/pg}, kept between runs
 */
public record EmbeddedSettings(Integer port, Path dataDir) {
    public EmbeddedSettings {
        port = Objects.requireNonNullElse(port, 54329);
    }
}
