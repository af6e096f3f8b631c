package dev.crmmigrate.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A review file that went through a spreadsheet merges exactly the pairs its reviewer approved. */
class ReviewFileTest {
    @TempDir
    Path dir;

    @Test
    void aFileSavedByExcelAsCsvUtf8MergesExactlyTheApprovedPairs() throws IOException {
        UUID[] ids = new UUID[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.nameUUIDFromBytes(("org" + i).getBytes(StandardCharsets.UTF_8));
        }
        String excel =
                "\uFEFForganization_a_id,organization_a,organization_b_id,organization_b,similarity,shared_domains,"
                        + "shared_phones,score,proposed,decision\r\n"
                        + ids[0] + ",\"Greystar, Inc.\"," + ids[1] + ",Greystar,0.97,1,0,0.98,true,merge\r\n"
                        + ids[2] + ",\"Acme \"\"East\"\"\r\nHoldings\"," + ids[3]
                        + ",Acme East Holdings,0.93,0,0,0.9,true,\r\n"
                        + ids[4] + ",\"Łoś\nspółka\"," + ids[5] + ",\"Łoś, sp. z o.o.\",0.91,0,1,0.92,true, Merge \r\n"
                        + "\r\n";
        Path file = dir.resolve("review.csv");
        Files.writeString(file, excel, StandardCharsets.UTF_8);

        List<UUID[]> approved = OrgMerge.approved(file);

        assertThat(approved)
                .extracting(p -> p[0] + "/" + p[1])
                .containsExactly(ids[0] + "/" + ids[1], ids[4] + "/" + ids[5]);
        ReviewFile.Content content = ReviewFile.read(file, "review file");
        assertThat(content.header()).first().isEqualTo("organization_a_id");
        assertThat(content.records()).hasSize(3);
        assertThat(content.records().get(1).get("organization_a")).isEqualTo("Acme \"East\"\r\nHoldings");
    }
}
