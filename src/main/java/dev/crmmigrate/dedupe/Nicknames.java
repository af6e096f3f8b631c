package dev.crmmigrate.dedupe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Short forms of given names ("bob" → "robert"), from {@code dedupe/nicknames.tsv}: a first name compares by its
 * canonical form, so Rob and Robert are the same first name. A short form of several names maps to the first listed.
 */
public final class Nicknames {
    private static final Map<String, String> CANONICAL = load();

    private Nicknames() {}

    /** The given name a (lower-case) first name is short for, or the name itself. */
    public static String canonical(String first) {
        if (first == null) {
            return null;
        }
        return CANONICAL.getOrDefault(first, first);
    }

    private static Map<String, String> load() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = Nicknames.class.getResourceAsStream("/dedupe/nicknames.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dedupe/nicknames.tsv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] kv = line.split("\t");
                out.putIfAbsent(kv[0].strip(), kv[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
