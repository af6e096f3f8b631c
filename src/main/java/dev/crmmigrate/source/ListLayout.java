package dev.crmmigrate.source;

import dev.crmmigrate.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a CSV list is laid out, found from its bytes the way a person would read it: the encoding (a byte-order mark,
 * else UTF-8 when every byte is valid UTF-8, else the fallback Excel writes), the delimiter (the one of
 * {@link CsvRecords#DELIMITERS} that splits the most lines into the same number of fields), and the header row (the
 * first record among {@link #HEADER_SEARCH} that maps every required column, so a preamble such as LinkedIn's
 * "Notes:" is skipped). A setting given for the file wins over what is found.
 *
 * @param encodingRule why this encoding ("byte-order mark", "valid UTF-8", "fallback", "configured")
 * @param delimiterRule why this delimiter ("sniffed", "configured", "default")
 * @param headerLine the 1-based line of the header record
 * @param preambleRecords records before the header (skipped, and reported)
 * @param header the header's fields, stripped
 */
public record ListLayout(
        Charset charset,
        String encodingRule,
        char delimiter,
        String delimiterRule,
        long headerLine,
        int preambleRecords,
        List<String> header) {
    /** Records read to find the header row. */
    public static final int HEADER_SEARCH = 25;
    /** Characters read to sniff the delimiter. */
    static final int SNIFF_CHARS = 1 << 16;

    /** What a list's settings fix for a file (each null: found from the file). */
    public record Overrides(String encoding, Character delimiter) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    /** The delimiter's name as a person would write it. */
    public String delimiterName() {
        return delimiterName(delimiter);
    }

    public static String delimiterName(char d) {
        return switch (d) {
            case '\t' -> "tab";
            case ',' -> "comma";
            case ';' -> "semicolon";
            case '|' -> "pipe";
            default -> "'" + d + "'";
        };
    }

    /**
     * The layout of a CSV list.
     *
     * @param fallback the encoding of a file without a byte-order mark whose bytes are not valid UTF-8
     * @throws Errors.CrmMigrateException (config) when no record among the first {@link #HEADER_SEARCH} maps every
     *     required column
     */
    public static ListLayout detect(
            Path file, Overrides overrides, String fallback, Map<String, List<String>> aliases, List<String> required) {
        Map.Entry<Charset, String> encoding = encoding(file, overrides.encoding(), fallback);
        Charset charset = encoding.getKey();
        String encodingRule = encoding.getValue();
        char delimiter;
        String delimiterRule;
        if (overrides.delimiter() != null) {
            delimiter = overrides.delimiter();
            delimiterRule = "configured";
        } else {
            Character sniffed = sniffDelimiter(sample(file, charset));
            delimiter = sniffed != null ? sniffed : ',';
            delimiterRule = sniffed != null ? "sniffed" : "default (one column)";
        }
        List<String> firstSeen = null;
        try (CsvRecords records = new CsvRecords(CsvSource.open(file, charset), -1, charset.name(), delimiter)) {
            for (int i = 0; i < HEADER_SEARCH && records.hasNext(); i++) {
                CsvRecords.Record r = records.next();
                if (!r.ok()) {
                    continue;
                }
                List<String> fields =
                        Arrays.stream(r.fields()).map(ListLayout::clean).toList();
                if (firstSeen == null) {
                    firstSeen = fields;
                }
                if (CsvSource.headerMapping(fields, aliases).keySet().containsAll(required)) {
                    return new ListLayout(charset, encodingRule, delimiter, delimiterRule, r.line(), i, fields);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
        if (firstSeen == null) {
            return new ListLayout(charset, encodingRule, delimiter, delimiterRule, 0, 0, List.of());
        }
        throw Errors.config(
                "%s: no header row among its first %d records has a column for %s (read as %s, %s-separated); the "
                        + "first record is %s. Accepted spellings include %s (all of them: lists.header_aliases)",
                file,
                HEADER_SEARCH,
                required,
                charset.name(),
                delimiterName(delimiter),
                firstSeen,
                required.stream()
                        .map(c -> c + ": "
                                + aliases.getOrDefault(c, List.of(c)).stream()
                                        .limit(5)
                                        .toList())
                        .toList());
    }

    /**
     * A file's encoding and why: the configured one, else a byte-order mark's, else UTF-8 when every byte is valid
     * UTF-8, else {@code fallback}; with no fallback, UTF-8 (its undecodable bytes reject their records).
     */
    public static Map.Entry<Charset, String> encoding(Path file, String configured, String fallback) {
        if (configured != null) {
            return Map.entry(Charset.forName(configured), "configured");
        }
        Charset bom = byteOrderMark(file);
        if (bom != null) {
            return Map.entry(bom, "byte-order mark");
        }
        if (fallback == null) {
            return Map.entry(StandardCharsets.UTF_8, "default");
        }
        if (validUtf8(file)) {
            return Map.entry(StandardCharsets.UTF_8, "valid UTF-8");
        }
        return Map.entry(Charset.forName(fallback), "fallback (not valid UTF-8)");
    }

    /** A header field without the byte-order mark or spaces around it. */
    private static String clean(String s) {
        return s.replace("\uFEFF", "").strip();
    }

    /** The charset a byte-order mark names, or null. */
    static Charset byteOrderMark(Path file) {
        byte[] head = new byte[3];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 3);
        } catch (IOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
        if (n >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (n >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Whether every byte of the file is valid UTF-8, read as a stream (memory is one buffer, whatever the size). */
    static boolean validUtf8(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream s = Files.newInputStream(file)) {
            boolean end = false;
            while (!end) {
                int n = s.read(in.array(), in.position(), in.remaining());
                end = n < 0;
                if (n > 0) {
                    in.position(in.position() + n);
                }
                in.flip();
                var result = decoder.decode(in, out, end);
                if (result.isError()) {
                    return false;
                }
                out.clear();
                in.compact();
            }
            return !decoder.flush(out).isError() && in.position() == 0;
        } catch (CharacterCodingException e) {
            return false;
        } catch (IOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
    }

    /** The first {@link #SNIFF_CHARS} characters of the file, decoded. */
    static String sample(Path file, Charset charset) {
        char[] buf = new char[SNIFF_CHARS];
        try (Reader r = CsvSource.open(file, charset)) {
            int n = r.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n);
        } catch (IOException e) {
            throw Errors.missingInput("CSV file (" + e.getClass().getSimpleName() + ")", file);
        }
    }

    /**
     * The delimiter that splits the most lines of the sample into the same number of fields (more than one), counted
     * outside double quotes; null when no candidate splits any line (a one-column list). Ties go to the earlier one of
     * {@link CsvRecords#DELIMITERS}.
     */
    static Character sniffDelimiter(String sample) {
        List<String> lines = new ArrayList<>(Arrays.asList(sample.split("\r\n|\r|\n", -1)));
        if (lines.size() > 1) {
            lines.remove(lines.size() - 1); // possibly cut short by the sample's end
        }
        Character best = null;
        int bestAgree = 0;
        for (char d : CsvRecords.DELIMITERS) {
            Map<Integer, Integer> byCount = new HashMap<>();
            for (String line : lines) {
                int c = countOutsideQuotes(line, d);
                if (c > 0) {
                    byCount.merge(c, 1, Integer::sum);
                }
            }
            int agree =
                    byCount.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (agree > bestAgree) {
                best = d;
                bestAgree = agree;
            }
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char d) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                n++;
            }
        }
        return n;
    }
}
