package dev.crmmigrate.demo;

import dev.crmmigrate.Errors;
import dev.crmmigrate.PrivateFiles;
import dev.crmmigrate.dedupe.Nicknames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A labelled set of person records with planted duplicates, in the shape {@code bench --labelled} reads
 * ({@code unique_id, first_name, surname, dob, city, email, cluster}): about 32,584 records at scale 1. Each person
 * (cluster) has one to four records; a duplicate record changes what real lists change: another or no email, a
 * nickname, an initial or a typo in the first name, a typo in the surname, first and last swapped, a missing date of
 * birth or city. The names come from the demo's small pools, so many different people share a full name and only the
 * other fields tell them apart, as in a real CRM.
 */
public final class PlantedPeople {
    /** Records at scale 1: the field report's contacts. */
    static final long RECORDS_AT_SCALE_1 = 32_584;

    private PlantedPeople() {}

    /** Writes the set to {@code file} (in an owner-only folder: the records are contact values); returns the count. */
    public static long write(double scale, long seed, Path file) {
        long target = Math.max(10, Math.round(RECORDS_AT_SCALE_1 * scale));
        SplittableRandom rnd = new SplittableRandom(seed);
        long written = 0;
        try {
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("unique_id,first_name,surname,dob,city,email,cluster\n");
                for (long cluster = 0; written < target; cluster++) {
                    Person p = person(rnd, cluster);
                    int records = size(rnd);
                    for (int i = 0; i < records && written < target; i++) {
                        String[] r = i == 0 ? p.record() : duplicate(rnd, p);
                        w.write(written + "," + String.join(",", r) + "," + cluster + "\n");
                        written++;
                    }
                }
            }
        } catch (IOException e) {
            throw Errors.runtime("writing the planted people set %s failed: %s", file, e.getMessage());
        }
        return written;
    }

    private record Person(String first, String last, String dob, String city, String email, long cluster) {
        String[] record() {
            return new String[] {first, last, dob, city, email};
        }
    }

    /** Records per person: 60 % one, 25 % two, 10 % three, 5 % four. */
    private static int size(SplittableRandom rnd) {
        int x = rnd.nextInt(100);
        return x < 60 ? 1 : x < 85 ? 2 : x < 95 ? 3 : 4;
    }

    private static Person person(SplittableRandom rnd, long cluster) {
        String first = pick(rnd, Universe.FIRST);
        String last = pick(rnd, Universe.LAST);
        LocalDate dob = LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(60 * 365));
        String city = pick(rnd, Universe.CITIES).replace(",", "");
        return new Person(first, last, dob.toString(), city, email(rnd, first, last, cluster), cluster);
    }

    /** An address made of the name and a number of the person's own, at a free-mail domain. */
    private static String email(SplittableRandom rnd, String first, String last, long n) {
        String f = ascii(first);
        String l = ascii(last);
        String local = switch (rnd.nextInt(3)) {
            case 0 -> f + "." + l;
            case 1 -> f.charAt(0) + l;
            default -> l + "." + f;
        };
        return local + n + "@" + pick(rnd, Universe.FREEMAIL);
    }

    private static String[] duplicate(SplittableRandom rnd, Person p) {
        String first = p.first();
        String last = p.last();
        int f = rnd.nextInt(100);
        if (f < 20) {
            List<String> nick = Nicknames.of(first.toLowerCase(Locale.ROOT));
            if (!nick.isEmpty()) {
                first = capitalize(nick.get(rnd.nextInt(nick.size())));
            }
        } else if (f < 30) {
            first = typo(rnd, first);
        } else if (f < 35) {
            first = first.substring(0, 1);
        }
        if (rnd.nextInt(100) < 15) {
            last = typo(rnd, last);
        }
        if (rnd.nextInt(100) < 5) {
            String t = first;
            first = last;
            last = t;
        }
        int e = rnd.nextInt(100);
        String email = e < 40 ? p.email() : e < 60 ? "" : otherEmail(rnd, p);
        String dob = rnd.nextInt(100) < 20 ? "" : p.dob();
        String city = rnd.nextInt(100) < 20 ? "" : p.city();
        return new String[] {first, last, dob, city, email};
    }

    /**
     * Another address of the same person, never one of somebody else: the name in another form (or with a typo)
     * and the person's own number.
     */
    private static String otherEmail(SplittableRandom rnd, Person p) {
        String local = p.email().substring(0, p.email().indexOf('@'));
        return rnd.nextBoolean()
                ? email(rnd, p.first(), p.last(), p.cluster())
                : typo(rnd, local.replaceAll("[0-9]+$", "")) + p.cluster() + "@"
                        + p.email().substring(p.email().indexOf('@') + 1);
    }

    /** One letter dropped, doubled or two neighbours swapped (names of three letters and more). */
    private static String typo(SplittableRandom rnd, String s) {
        if (s.length() < 3) {
            return s;
        }
        int i = 1 + rnd.nextInt(s.length() - 2);
        return switch (rnd.nextInt(3)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.charAt(i) + s.substring(i);
            default -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
        };
    }

    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String pick(SplittableRandom rnd, String[] pool) {
        return pool[rnd.nextInt(pool.length)];
    }
}
