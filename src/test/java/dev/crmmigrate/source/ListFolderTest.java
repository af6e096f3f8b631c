package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a list folder may hold: no links out of it, and no manifest entry for a file that is not there. */
class ListFolderTest {
    @TempDir
    Path dir;

    @Test
    void aListThatIsASymbolicLinkIsRefusedUnlessAllowed() throws IOException {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("investor_a.csv"), "email\na@example.com\n");
        Path outside = Files.writeString(dir.resolve("private_notes.txt"), "email\nsecret@example.com\n");
        Files.createSymbolicLink(lists.resolve("developer_b.csv"), outside);

        assertThatThrownBy(() -> OutreachLists.files(lists))
                .isInstanceOfSatisfying(
                        Errors.CrmMigrateException.class,
                        e -> assertThat(e.kind()).isEqualTo(Errors.Kind.CONFIG))
                .hasMessageContaining("developer_b.csv is a symbolic link (to " + outside + ")")
                .hasMessageContaining("lists.follow_symlinks");
        assertThat(OutreachLists.files(lists, true))
                .extracting(OutreachLists.ListFile::file)
                .containsExactly("developer_b.csv", "investor_a.csv");
    }

    @Test
    void aManifestEntryThatMatchesNoFileIsNamed() throws IOException {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("contacts_2024.csv"), "email\na@example.com\n");
        Files.writeString(lists.resolve("lists.yaml"), "lists:\n  - file: contacts-2024.csv\n    category: investor\n");

        assertThatThrownBy(() -> OutreachLists.files(lists))
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("names the list 'contacts-2024.csv', which is not a CSV, .xlsx or .vcf file in")
                .hasMessageContaining("[contacts_2024.csv]");
    }
}
