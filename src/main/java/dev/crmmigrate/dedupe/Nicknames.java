package dev.crmmigrate.dedupe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Short forms of given names ("bob" → "robert"), from {@code dedupe/nicknames.tsv}: a first name compares by its
 * canonical form, so Rob and Robert are the same first name. A short form of several names maps to the first listed.
 */
public final class Nicknames {
    private static final List<String[]> PAIRS = load();
    private static final Map<String, String> CANONICAL = canonical();
    private static final Map<String, List<String>> BY_GIVEN = byGiven();

    private Nicknames() {}

    /** The given name a (lower-case) first name is short for, or the name itself. */
    public static String canonical(String first) {
        if (first == null) {
            return null;
        }
        return CANONICAL.getOrDefault(first, first);
    }

    /** The short forms of a (lower-case) given name, e.g. robert: bob, bobby, rob; empty when it has none. */
    public static List<String> of(String given) {
        return BY_GIVEN.getOrDefault(given, List.of());
    }

    private static Map<String, String> canonical() {
        Map<String, String> out = new HashMap<>();
        PAIRS.forEach(p -> out.putIfAbsent(p[0], p[1]));
        return Map.copyOf(out);
    }

    private static Map<String, List<String>> byGiven() {
        Map<String, List<String>> out = new HashMap<>();
        PAIRS.forEach(p -> out.computeIfAbsent(p[1], k -> new ArrayList<>()).add(p[0]));
        out.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(out);
    }

    /** (nickname, given name) pairs of the resource, in its order. */
    private static List<String[]> load() {
        List<String[]> out = new ArrayList<>();
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
                out.add(new String[] {kv[0].strip(), kv[1].strip()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
