package dev.crmmigrate.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.ListSettings;
import dev.crmmigrate.support.TestSpark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workbooks made to hurt: each is refused as a rejected file with its reason (or read without the harm), the JVM
 * keeps its heap, and a good list beside it is still read.
 */
class HostileXlsxTest {
    @TempDir
    Path dir;

    static final String CONTENT_TYPES = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
            + ".spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
            + "officedocument.spreadsheetml.worksheet+xml\"/></Types>";
    static final String RELS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    static final String WORKBOOK = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<sheets><sheet name=\"Contacts\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static final String WORKBOOK_RELS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            + "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

    /** Writes the parts of a workbook whose one sheet is {@code before + filler × times + after}. */
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    Path workbook(String name, String prolog, Body rows, String extraPart, Body extra) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            put(zip, "[Content_Types].xml", CONTENT_TYPES);
            put(zip, "_rels/.rels", RELS);
            put(zip, "xl/workbook.xml", WORKBOOK);
            put(zip, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write((prolog + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                            + "<sheetData><row r=\"1\">" + inline("A1", "Email") + "</row>")
                    .getBytes(StandardCharsets.UTF_8));
            rows.write(zip);
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            if (extraPart != null) {
                zip.putNextEntry(new ZipEntry(extraPart));
                extra.write(zip);
                zip.closeEntry();
            }
        }
        return file;
    }

    static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    static String inline(String ref, String text) {
        return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    static Body row(String text) {
        return out -> out.write(("<row r=\"2\">" + inline("A2", text) + "</row>").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the folder as outreach lists: the good and the rejected records, with a good CSV list beside. */
    List<String> read() throws IOException {
        Files.writeString(dir.resolve("good.csv"), "email\nada@example.com\n");
        Dataset<Row> records = OutreachLists.read(TestSpark.get(), dir, new ListSettings(null, null, null));
        List<String> out = new java.util.ArrayList<>();
        CsvSource.Parsed.good(records)
                .orderBy(col("email"))
                .collectAsList()
                .forEach(r -> out.add("ok " + r.getAs(CsvSource.SOURCE_FILE) + " " + r.getAs("email")));
        CsvSource.Parsed.malformed(records)
                .collectAsList()
                .forEach(r ->
                        out.add("rejected " + r.getAs("source") + ":" + r.getAs("line") + " " + r.getAs("reason")));
        return out;
    }

    @Test
    void aCellOfTwentyMillionCharactersIsRefusedBeforeItIsBuilt() throws IOException {
        byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        workbook(
                "huge_cell.xlsx",
                "",
                out -> {
                    out.write(("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>").getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 20; i++) {
                        out.write(chunk);
                    }
                    out.write("</t></is></c></row>".getBytes(StandardCharsets.UTF_8));
                },
                null,
                null);
        assertThat(Files.size(dir.resolve("huge_cell.xlsx"))).isLessThan(200_000);
        assertThat(read())
                .contains("ok good.csv ada@example.com")
                .anySatisfy(s -> assertThat(s)
                        .startsWith("rejected huge_cell.xlsx:0 the workbook was not read: part "
                                + "xl/worksheets/sheet1.xml holds a text of 20,971,52"));
    }

    @Test
    void millionsOfSharedStringsAreRefused() throws IOException {
        workbook("strings.xlsx", "", row("x@example.com"), "xl/sharedStrings.xml", out -> {
            out.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                    .getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 2_100_000; i++) {
                b.append("<si><t>").append(Integer.toString(i, 36)).append("</t></si>");
                if (b.length() > 1 << 16) {
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    b.setLength(0);
                }
            }
            out.write((b + "</sst>").getBytes(StandardCharsets.UTF_8));
        });
        assertThat(read())
                .contains("ok good.csv ada@example.com")
                .anySatisfy(s -> assertThat(s).contains("strings.xlsx:0", "more than 2,000,000 shared strings"));
    }

    @Test
    void aZipBombIsRefused() throws IOException {
        byte[] zeros = new byte[1 << 20];
        workbook("bomb.xlsx", "", row("x@example.com"), "xl/media/padding.bin", out -> {
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        });
        assertThat(read()).anySatisfy(s -> assertThat(s).contains("bomb.xlsx:0", "a zip bomb"));
    }

    @Test
    void aFileThatIsNotAWorkbookIsARejectedFileAndTheOthersAreRead() throws IOException {
        Files.write(dir.resolve("broken.xlsx"), "PK\u0003\u0004 this is not a zip".getBytes(StandardCharsets.UTF_8));
        assertThat(read())
                .contains("ok good.csv ada@example.com")
                .anySatisfy(s -> assertThat(s).contains("broken.xlsx:0 the workbook was not read"));
    }

    @Test
    void aPartNamedOutsideTheWorkbookIsRefused() throws IOException {
        workbook("slip.xlsx", "", row("x@example.com"), "../../evil.xml", out -> out.write('x'));
        assertThat(read()).anySatisfy(s -> assertThat(s).contains("slip.xlsx:0", "'../../evil.xml'"));
    }

    @Test
    void anExternalEntityIsNeverResolved() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>";
        workbook("xxe.xlsx", dtd, row("&e;@example.com"), null, null);
        assertThat(read())
                .noneSatisfy(s -> assertThat(s).contains("TOP-SECRET"))
                .isNotEmpty();
    }

    @Test
    void anExternalDtdIsNeverFetched() throws IOException {
        Path dtdFile = dir.resolve("evil.dtd");
        Path marker = dir.resolve("fetched");
        Files.writeString(dtdFile, "<!ENTITY % p SYSTEM \"" + marker.toUri() + "\">%p;");
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE worksheet SYSTEM \"" + dtdFile.toUri() + "\">";
        workbook("dtd.xlsx", dtd, row("x@example.com"), null, null);
        assertThat(read()).isNotEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void entityExpansionIsRefused() throws IOException {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"");
            dtd.append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        workbook("laughs.xlsx", dtd.toString(), row("&l9;"), null, null);
        assertThat(read())
                .contains("ok good.csv ada@example.com")
                .noneSatisfy(s -> assertThat(s).contains("lollollollol"));
    }
}
