package dev.crmmigrate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedded PostgreSQL (zonky's binaries, PostgreSQL 17), used when no target URL is configured.
 *
 * @param port        TCP port on 127.0.0.1; default 54329 so that {@code db url} is stable; 0 picks a free port
 * @param dataDir     data directory; default {@code <work_dir>/pg}, kept between runs
 * @param binariesDir where the server's binaries are unpacked, a folder only this account may write to; default
 *                    {@code $XDG_CACHE_HOME/crm-migrate/embedded-pg} (or {@code ~/.cache/crm-migrate/embedded-pg})
 */
public record EmbeddedSettings(Integer port, Path dataDir, Path binariesDir) {
    public EmbeddedSettings {
        port = Objects.requireNonNullElse(port, 54329);
        binariesDir = Objects.requireNonNullElseGet(binariesDir, EmbeddedSettings::defaultBinariesDir);
    }

    /** The per-user cache folder: never the shared temporary folder, where another account could plant binaries. */
    public static Path defaultBinariesDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("crm-migrate").resolve("embedded-pg");
    }
}
