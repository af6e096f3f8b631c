package dev.crmmigrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and folders that only the account running crm-migrate may read: the work directory (contacts, shuffle files,
 * reports), the embedded server's password, socket and binaries. On a file system without POSIX permissions
 * (Windows) the checks pass and the modes are left to the operating system's defaults.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /**
     * Creates {@code dir} (and its missing parents) as a folder only its owner can enter, or tightens an existing
     * one that this account owns. A folder that another account owns is refused: whoever owns it could swap what is
     * inside.
     */
    public static Path directory(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
            }
            // A link (a work directory on a bigger disk, say) is followed: the folder it leads to is what is checked.
            Path real = dir.toRealPath();
            if (POSIX) {
                requireOwned(real);
                Files.setPosixFilePermissions(real, DIR);
            }
            return dir;
        } catch (IOException e) {
            throw Errors.runtime("could not create the private folder %s: %s", dir, e.getMessage());
        }
    }

    /** Writes {@code text} to a new file that only its owner can read (mode 0600), replacing an older one. */
    public static void write(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            if (POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw Errors.runtime("could not write the private file %s: %s", file, e.getMessage());
        }
    }

    /** Refuses a path that another account owns or that others may write to (or, for a secret, read). */
    public static void requirePrivate(Path path, String what) {
        if (!POSIX) {
            return;
        }
        PosixFileAttributes a = attributes(path);
        requireOwned(path);
        Set<PosixFilePermission> open = EnumSet.copyOf(a.permissions());
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
            throw Errors.config(
                    "%s %s is open to other accounts (mode %s); only its owner may read it: chmod %s %s",
                    what, path, PosixFilePermissions.toString(a.permissions()), a.isDirectory() ? "700" : "600", path);
        }
    }

    /** True when group or others may read, write or enter {@code path}. */
    public static boolean openToOthers(Path path) {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(attributes(path).permissions());
        open.retainAll(OTHERS);
        return !open.isEmpty();
    }

    private static void requireOwned(Path path) {
        try {
            UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal me = path.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!owner.equals(me) && !owner.getName().equals(me.getName())) {
                throw Errors.config(
                        "%s belongs to the account '%s', not to '%s' who runs crm-migrate; refusing to use it "
                                + "(another account could have put files there): remove it or choose another folder",
                        path, owner.getName(), me.getName());
            }
        } catch (IOException e) {
            throw Errors.runtime("could not check who owns %s: %s", path, e.getMessage());
        }
    }

    private static PosixFileAttributes attributes(Path path) {
        try {
            return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (IOException e) {
            throw Errors.runtime("could not read the permissions of %s: %s", path, e.getMessage());
        }
    }

    /** Deletes a folder and all it holds (nothing when it does not exist); links inside are removed, not followed. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw Errors.runtime("could not remove %s: %s", dir, e.getMessage());
        }
    }
}
