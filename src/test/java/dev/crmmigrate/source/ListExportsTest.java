package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmmigrate.Errors;
import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.support.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists as the tools people use export them, in fixtures of our own with the shapes of real exports: Google's
 * UTF-16LE "Google CSV" with its numbered e-mail columns, a German semicolon UTF-16LE list, LinkedIn's Connections.csv
 * with its "Notes:" preamble, a Windows-1252 semicolon list as European Excel saves it, Mailchimp's and Salesforce's
 * exports. Each is read with every valid address found, without any setting; one unreadable file is reported and the
 * others are read.
 */
class ListExportsTest {
    @TempDir
    Path dir;

    static final byte[] UTF16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    static final ListSettings DEFAULTS = new ListSettings(null, null, null);

    static byte[] bytes(byte[] prefix, String text, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(text.getBytes(charset));
        return out.toByteArray();
    }

    static final String GOOGLE = "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
            + "E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\r\n"
            + "Ada Lovelace,Ada,Lovelace,* Home,ada@analytical.example.com,,,Mobile,+44 20 7946 0018,Analytical,CTO\r\n"
            + "Grace Hopper,Grace,Hopper,* Work,not an address,Home,grace@navy.example.com,,,,\r\n"
            + "Nobody,No,Body,,,,,,,,\r\n";

    static final String GERMAN = "KundenID;Vorname;Nachname;Stra\u00dfe;Telefonnummer;E-Mail;Kommentar\r\n"
            + "1;J\u00fcrgen;M\u00fcller;Hauptstra\u00dfe 1;+49 30"
            + " 901820;juergen@mueller.example.com;\"Gr\u00fc\u00dfe; bis bald\"\r\n"
            + "2;Zo\u00eb;Wei\u00df;Ringstra\u00dfe 2;030 1234567;zoe@weiss.example.com;\r\n";

    static final String LINKEDIN = "Notes:\n"
            + "\"When exporting your connection data, you may notice that some of the email addresses are missing. "
            + "You will only see email addresses for connections who have allowed their connections to see or "
            + "download their email address.\"\n"
            + "\n"
            + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            + "Alan,Turing,https://www.linkedin.com/in/alan,alan@bletchley.example.com,Bletchley,Cryptanalyst,"
            + "01 Jan 2024\n"
            + "Joan,Clarke,https://www.linkedin.com/in/joan,,Bletchley,Cryptanalyst,02 Jan 2024\n";

    static final String EXCEL_FR = "Pr\u00e9nom;Nom;Adresse e-mail;Soci\u00e9t\u00e9;T\u00e9l\u00e9phone\r\n"
            + "Ren\u00e9;Descartes;rene@cogito.example.com;Soci\u00e9t\u00e9 G\u00e9n\u00e9rale;01 23 45 67 89\r\n"
            + "Am\u00e9lie;Poulain;amelie@cafe.example.com;Caf\u00e9 des 2 Moulins;\r\n";

    static final String MAILCHIMP = "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,LEID,NOTES\n"
            + "one@list.example.com,One,First,2,2024-01-01 10:00:00,1,\n"
            + "two@list.example.com,Two,Second,3,2024-01-02 10:00:00,2,\"likes, commas\"\n";

    static final String SALESFORCE = "\"Id\",\"LastName\",\"FirstName\",\"Name\",\"Phone\",\"Email\",\"Title\"\n"
            + "\"0035g00000A\",\"Lamarr\",\"Hedy\",\"Hedy Lamarr\",\"(415) 555-0100\""
            + ",\"hedy@spread.example.com\",\"CEO\"\n"
            + "\"0035g00000B\",\"Nobody\",\"\",\"Nobody\",\"\",\"\",\"\"\n";

    void write(String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
    }

    void writeAll() throws IOException {
        write("google.csv", bytes(UTF16LE_BOM, GOOGLE, StandardCharsets.UTF_16LE));
        write("kunden.csv", bytes(UTF16LE_BOM, GERMAN, StandardCharsets.UTF_16LE));
        write("Connections.csv", LINKEDIN.getBytes(StandardCharsets.UTF_8));
        write("contacts_fr.csv", EXCEL_FR.getBytes(Charset.forName("windows-1252")));
        write("mailchimp.csv", MAILCHIMP.getBytes(StandardCharsets.UTF_8));
        write("salesforce.csv", SALESFORCE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyExportIsReadWithEveryValidAddressAndNoSetting() throws IOException {
        writeAll();
        OutreachLists.Read read = OutreachLists.readAll(TestSpark.get(), dir, DEFAULTS);
        List<Row> good = CsvSource.Parsed.good(read.records())
                .select("list_file", "email", "first_name", "last_name", "company", "phone")
                .collectAsList();
        assertThat(good.stream()
                        .filter(r -> r.get(1) != null && r.getString(1).contains("@"))
                        .map(r -> r.getString(0) + " " + r.getString(1)))
                .containsExactlyInAnyOrder(
                        "google.csv ada@analytical.example.com",
                        "google.csv grace@navy.example.com",
                        "kunden.csv juergen@mueller.example.com",
                        "kunden.csv zoe@weiss.example.com",
                        "Connections.csv alan@bletchley.example.com",
                        "contacts_fr.csv rene@cogito.example.com",
                        "contacts_fr.csv amelie@cafe.example.com",
                        "mailchimp.csv one@list.example.com",
                        "mailchimp.csv two@list.example.com",
                        "salesforce.csv hedy@spread.example.com");
        // The other columns come through the language's own spellings, decoded as written.
        assertThat(good).anySatisfy(r -> {
            assertThat(r.getString(1)).isEqualTo("juergen@mueller.example.com");
            assertThat(r.getString(2)).isEqualTo("J\u00fcrgen");
            assertThat(r.getString(3)).isEqualTo("M\u00fcller");
            assertThat(r.getString(5)).isEqualTo("+49 30 901820");
        });
        assertThat(good).anySatisfy(r -> {
            assertThat(r.getString(1)).isEqualTo("rene@cogito.example.com");
            assertThat(r.getString(2)).isEqualTo("Ren\u00e9");
            assertThat(r.getString(4)).isEqualTo("Soci\u00e9t\u00e9 G\u00e9n\u00e9rale");
        });
        assertThat(CsvSource.Parsed.malformed(read.records()).count())
                .as("no record rejected")
                .isZero();

        Map<String, OutreachLists.FileRead> how = new java.util.HashMap<>();
        read.files().forEach(f -> how.put(f.file(), f));
        assertThat(how.get("google.csv").encoding()).isEqualTo("UTF-16LE (byte-order mark)");
        assertThat(how.get("google.csv").columns().get("email"))
                .containsExactly("E-mail 1 - Value", "E-mail 2 - Value");
        assertThat(how.get("kunden.csv").delimiter()).isEqualTo("semicolon (sniffed)");
        assertThat(how.get("contacts_fr.csv").encoding()).isEqualTo("windows-1252 (fallback (not valid UTF-8))");
        assertThat(how.get("contacts_fr.csv").delimiter()).isEqualTo("semicolon (sniffed)");
        assertThat(how.get("Connections.csv").headerLine()).isEqualTo(4);
        assertThat(how.get("Connections.csv").preambleRecords()).isEqualTo(2);
        assertThat(how.get("mailchimp.csv").encoding()).isEqualTo("UTF-8 (valid UTF-8)");
        assertThat(read.files()).allSatisfy(f -> assertThat(f.rejected()).isNull());
    }

    @Test
    void oneUnreadableFileIsARejectedFileAndTheOthersAreRead() throws IOException {
        write("mailchimp.csv", MAILCHIMP.getBytes(StandardCharsets.UTF_8));
        write("notes.csv", "Topic,Owner\nQ3 plan,Ann\n".getBytes(StandardCharsets.UTF_8));
        OutreachLists.Read read = OutreachLists.readAll(TestSpark.get(), dir, DEFAULTS);
        assertThat(CsvSource.Parsed.good(read.records())
                        .where(col("email").isNotNull())
                        .count())
                .isEqualTo(2);
        List<Row> rejected = CsvSource.Parsed.malformed(read.records()).collectAsList();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.<String>getAs("source")).isEqualTo("notes.csv");
            assertThat(r.<Long>getAs("line")).isZero();
            assertThat(r.<String>getAs("reason"))
                    .contains("notes.csv")
                    .contains("no header row among its first")
                    .contains("[Topic, Owner]");
        });
        assertThat(read.files())
                .filteredOn(f -> f.rejected() != null)
                .singleElement()
                .satisfies(f -> assertThat(f.file()).isEqualTo("notes.csv"));

        assertThatThrownBy(() -> OutreachLists.readAll(TestSpark.get(), dir, DEFAULTS.withStrict(true)))
                .as("--strict keeps the stop")
                .isInstanceOf(Errors.CrmMigrateException.class)
                .hasMessageContaining("notes.csv");
    }

    @Test
    void aManifestEntryFixesTheEncodingAndTheDelimiter() throws IOException {
        // Valid UTF-8 bytes that are really Windows-1252 text cannot be told apart; the manifest says so.
        write("pipes.csv", "email|name\nx@pipes.example.com|Fran\u00e7ois\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(
                dir.resolve("lists.yaml"),
                "lists:\n  - file: pipes.csv\n    category: investor\n    encoding: ISO-8859-1\n    delimiter: '|'\n");
        OutreachLists.Read read = OutreachLists.readAll(TestSpark.get(), dir, DEFAULTS);
        assertThat(read.files()).singleElement().satisfies(f -> {
            assertThat(f.encoding()).isEqualTo("ISO-8859-1 (configured)");
            assertThat(f.delimiter()).isEqualTo("pipe (configured)");
        });
        assertThat(CsvSource.Parsed.good(read.records())
                        .select("email", "full_name")
                        .collectAsList())
                .singleElement()
                .satisfies(r -> assertThat(r.getString(1)).isEqualTo("Fran\u00e7ois"));
    }

    @Test
    void inspectSaysHowEachFileIsReadWithoutSparkOrDatabase() throws IOException {
        writeAll();
        write("notes.csv", "Topic,Owner\nQ3 plan,Ann\n".getBytes(StandardCharsets.UTF_8));
        Map<String, ListInspection.FileReport> by = new java.util.HashMap<>();
        ListInspection.inspect(dir, DEFAULTS).forEach(r -> by.put(r.read().file(), r));
        assertThat(by.get("google.csv").records()).isEqualTo(3);
        assertThat(by.get("google.csv").withEmail()).isEqualTo(2);
        assertThat(by.get("google.csv").rejects()).containsExactly(Map.entry("no email", 1L));
        assertThat(by.get("Connections.csv").records()).isEqualTo(2);
        assertThat(by.get("Connections.csv").rejects()).containsExactly(Map.entry("no email", 1L));
        assertThat(by.get("kunden.csv").header()).contains("Vorname", "E-Mail");
        assertThat(by.get("kunden.csv").read().columns())
                .containsEntry("first_name", List.of("Vorname"))
                .containsEntry("phone", List.of("Telefonnummer"));
        assertThat(by.get("notes.csv").read().rejected()).contains("no header row");
    }
}
