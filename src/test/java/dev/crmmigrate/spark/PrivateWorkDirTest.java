package dev.crmmigrate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that hold contact values stay with the account that ran crm-migrate: the work directory is owner-only, and
 * Spark's shuffle and spill files go below it instead of the shared /tmp.
 */
class PrivateWorkDirTest {

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void anOpenWorkDirectoryIsTightenedAndShuffleFilesGoBelowIt(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(work.resolve("tmp/spark-999999999/blockmgr-1"));
        Files.writeString(work.resolve("tmp/spark-999999999/blockmgr-1/shuffle_0_0_0.data"), "ada@example.com");

        PrivateFiles.directory(work);
        Path local = SparkSessions.localDir(work);

        assertThat(mode(work)).isEqualTo("rwx------");
        assertThat(local)
                .startsWith(work.toAbsolutePath())
                .hasFileName("spark-" + ProcessHandle.current().pid());
        assertThat(mode(local)).isEqualTo("rwx------");
        assertThat(work.resolve("tmp/spark-999999999"))
                .as("what a killed run left is deleted")
                .doesNotExist();

        String before = System.getProperty("java.io.tmpdir");
        try {
            SparkSessions.privateTemp(local);
            assertThat(Path.of(System.getProperty("java.io.tmpdir"))).startsWith(local);
            assertThat(mode(local.resolve("java-tmp"))).isEqualTo("rwx------");
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }

    @Test
    void aWorkDirectoryThatIsALinkIsFollowedAndWhereItLeadsIsTightened(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("bigger-disk"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("work"), target);
        PrivateFiles.directory(link);
        assertThat(mode(target)).isEqualTo("rwx------");
    }

    @Test
    void aFolderAnotherAccountOwnsIsRefused(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "needs root to give a folder to another account");
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setOwner(
                theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThatThrownBy(() -> PrivateFiles.directory(theirs))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("belongs to the account 'nobody'");
    }
}
