package dev.crmmigrate.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Scans an {@code .xlsx} workbook's parts before any parser sees them, so that a small hostile file cannot take the
 * JVM down: fastexcel builds each cell's text whole and keeps every shared string in memory, so a 303 kB workbook
 * with one 300 M-character cell, or a 448 kB one with 8 M shared strings, would fill the heap before a limit on a
 * field could be applied. Each part is inflated as a stream, never held, and counted: its size, its compression
 * ratio, the longest text between two tags (a cell's text), and the strings of the shared-string table.
 */
final class XlsxGuard {
    /** A workbook larger than this, inflated, is refused (a real export of a million contacts is far below it). */
    static final long MAX_INFLATED_BYTES = 1L << 30;
    /** Inflated bytes per compressed byte of one part above which it is a zip bomb (real sheets stay below 30). */
    static final long MAX_RATIO = 200;
    /** Parts smaller than this are not judged by their ratio: a tiny part may compress well. */
    static final long RATIO_FLOOR_BYTES = 1L << 20;
    /** The longest text between tags, in bytes: a cell over the field limit is refused before it is built. */
    static final long MAX_TEXT_BYTES = 4L * CsvRecords.MAX_FIELD_CHARS;
    /** Shared strings a workbook may hold: each one stays in the reader's memory while its sheet is read. */
    static final long MAX_SHARED_STRINGS = 2_000_000;

    private XlsxGuard() {}

    /** Why the workbook must not be parsed, or null when every part is within bounds. */
    static String problem(Path file) {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            long total = 0;
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                String name = e.getName();
                if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
                    return "the workbook holds a part named '" + name + "', outside the workbook";
                }
                if (e.isDirectory()) {
                    continue;
                }
                boolean xml = name.toLowerCase(Locale.ROOT).endsWith(".xml");
                boolean shared = name.equalsIgnoreCase("xl/sharedStrings.xml");
                Scan s;
                try (InputStream in = zip.getInputStream(e)) {
                    s = scan(in, xml, shared, MAX_INFLATED_BYTES - total);
                }
                total += s.bytes;
                if (total > MAX_INFLATED_BYTES) {
                    return "the workbook inflates to more than %,d MB".formatted(MAX_INFLATED_BYTES >> 20);
                }
                if (s.longestText > MAX_TEXT_BYTES) {
                    return "part %s holds a text of %,d bytes; a cell may hold at most %,d characters"
                            .formatted(name, s.longestText, CsvRecords.MAX_FIELD_CHARS);
                }
                long compressed = Math.max(1, e.getCompressedSize());
                if (s.bytes > RATIO_FLOOR_BYTES && s.bytes / compressed > MAX_RATIO) {
                    return "part %s inflates %,d times (%,d bytes from %,d): a zip bomb"
                            .formatted(name, s.bytes / compressed, s.bytes, compressed);
                }
                if (s.strings > MAX_SHARED_STRINGS) {
                    return "the workbook holds more than %,d shared strings".formatted(MAX_SHARED_STRINGS);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "the workbook cannot be read as a zip archive ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    private record Scan(long bytes, long longestText, long strings) {}

    /** Inflates {@code in} through a small buffer, counting; stops as soon as {@code budget} bytes are exceeded. */
    private static Scan scan(InputStream in, boolean xml, boolean shared, long budget) throws IOException {
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        long run = 0;
        long longest = 0;
        long strings = 0;
        // The last three bytes seen, to find "<si>" / "<si " across buffer boundaries.
        int b1 = 0;
        int b2 = 0;
        int b3 = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            bytes += n;
            if (bytes > budget) {
                return new Scan(bytes, longest, strings);
            }
            if (!xml) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xff;
                if (b == '<') {
                    longest = Math.max(longest, run);
                    run = 0;
                } else if (b != '>') {
                    run++;
                } else {
                    run = 0;
                }
                if (shared && b3 == '<' && b2 == 's' && b1 == 'i' && (b == '>' || b == ' ' || b == '/')) {
                    strings++;
                    if (strings > MAX_SHARED_STRINGS) {
                        return new Scan(bytes, longest, strings);
                    }
                }
                b3 = b2;
                b2 = b1;
                b1 = b;
            }
        }
        return new Scan(bytes, Math.max(longest, run), strings);
    }
}
