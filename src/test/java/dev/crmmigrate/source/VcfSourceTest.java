package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vCards as phones, mail programs and Gmail export them, in fixtures of our own: 2.1 with quoted-printable values in
 * Windows-1252 and a grouped property, 3.0 with folded lines and several EMAIL, TEL and ORG of different preference,
 * 4.0 with PREF parameters, a card without any address. Each card is a record with the line it starts on.
 */
class VcfSourceTest {
    @TempDir
    Path dir;

    static final List<String> COLUMNS = OutreachLists.COLUMNS;

    static final String V21 = "BEGIN:VCARD\r\n"
            + "VERSION:2.1\r\n"
            + "N;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
            + "FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FCller\r\n"
            + "ORG;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller AG;Vertrieb\r\n"
            + "TITLE:Leiter\r\n"
            + "TEL;WORK;VOICE:+49 30 901820\r\n"
            + "item1.EMAIL;PREF;INTERNET:juergen@mueller-ag.de\r\n"
            + "item1.X-ABLabel:work\r\n"
            + "END:VCARD\r\n";

    static final String V30 = "BEGIN:VCARD\n"
            + "VERSION:3.0\n"
            + "N:Hopper;Grace;;;\n"
            + "FN:Grace Hopper\n"
            + "ORG:Navy Research Lab;Computing\n"
            + "ORG:Second Org\n"
            + "TITLE:Rear Admiral\n"
            + "EMAIL;TYPE=INTERNET;TYPE=HOME:not-an-address\n"
            + "EMAIL;TYPE=INTERNET;TYPE=WORK:grace.hopper@navy-research.o\n"
            + " rg\n"
            + "TEL;TYPE=HOME:+1 202 555 0100\n"
            + "TEL;TYPE=CELL;TYPE=pref:+1 202 555 0199\n"
            + "NOTE:A note that is folded over\n"
            + "  two lines\n"
            + "END:VCARD\n"
            + "BEGIN:VCARD\n"
            + "VERSION:3.0\n"
            + "FN:Nobody Without Mail\n"
            + "TEL:+1 202 555 0111\n"
            + "END:VCARD\n";

    static final String V40 = "BEGIN:VCARD\r\n"
            + "VERSION:4.0\r\n"
            + "FN:Ada Lovelace\r\n"
            + "N:Lovelace;Ada;;;\r\n"
            + "EMAIL;PREF=2:ada@home-lovelace.com\r\n"
            + "EMAIL;PREF=1:ada@analytical-engines.com\r\n"
            + "END:VCARD\r\n";

    List<Row> rows(String name, String text, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(charset));
        Iterator<Row> it = VcfSource.rows(file, name, charset, COLUMNS);
        List<Row> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    static String col(Row r, String c) {
        return r.getString(COLUMNS.indexOf(c));
    }

    static long line(Row r) {
        return r.getLong(COLUMNS.size() + 1);
    }

    @Test
    void version21QuotedPrintableInItsCharsetAndGroupedProperties() throws IOException {
        List<Row> rows = rows("outlook.vcf", V21, StandardCharsets.US_ASCII);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(col(r, "email")).isEqualTo("juergen@mueller-ag.de");
            assertThat(col(r, "first_name")).isEqualTo("J\u00fcrgen");
            assertThat(col(r, "last_name")).isEqualTo("M\u00fcller");
            assertThat(col(r, "full_name")).isEqualTo("J\u00fcrgen M\u00fcller");
            assertThat(col(r, "company")).isEqualTo("M\u00fcller AG");
            assertThat(col(r, "title")).isEqualTo("Leiter");
            assertThat(col(r, "phone")).isEqualTo("+49 30 901820");
            assertThat(line(r)).isEqualTo(1);
        });
    }

    @Test
    void version30FoldedLinesTheFirstValidAddressThePreferredPhoneAndTheLineOfEachCard() throws IOException {
        List<Row> rows = rows("iphone.vcf", V30, StandardCharsets.UTF_8);
        assertThat(rows).hasSize(2);
        Row grace = rows.get(0);
        assertThat(col(grace, "email")).isEqualTo("grace.hopper@navy-research.org");
        assertThat(col(grace, "company")).isEqualTo("Navy Research Lab");
        assertThat(col(grace, "phone")).isEqualTo("+1 202 555 0199");
        assertThat(line(grace)).isEqualTo(1);
        Row nobody = rows.get(1);
        assertThat(col(nobody, "email")).isNull();
        assertThat(col(nobody, "full_name")).isEqualTo("Nobody Without Mail");
        assertThat(line(nobody)).isEqualTo(16);
    }

    @Test
    void version40PrefOrdersTheAddresses() throws IOException {
        assertThat(rows("gmail.vcf", V40, StandardCharsets.UTF_8))
                .singleElement()
                .satisfies(r -> assertThat(col(r, "email")).isEqualTo("ada@analytical-engines.com"));
    }

    @Test
    void aFolderOfVcardsIsAuditedLikeAnyList() throws IOException {
        Files.writeString(dir.resolve("contacts.vcf"), V30 + V40);
        OutreachLists.Read read = OutreachLists.readAll(TestSpark.get(), dir, new ListSettings(null, null, null));
        assertThat(CsvSource.Parsed.good(read.records()).select("email").collectAsList().stream()
                        .map(r -> r.getString(0)))
                .containsExactlyInAnyOrder("grace.hopper@navy-research.org", null, "ada@analytical-engines.com");
        assertThat(read.files())
                .singleElement()
                .satisfies(f -> assertThat(f.format()).isEqualTo("vcard"));
    }
}
