package dev.crmmigrate.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small bounded fuzzer: a fixed number of tries from a fixed seed (reproducible in CI), each input drawn from an
 * alphabet that is mostly the characters that matter plus any character at all. A failure names the seed, the try and
 * the input, shortened as far as it still fails.
 */
public final class Fuzz {
    public static final long SEED = 20261129L;
    public static final int TRIES = 2_000;

    private Fuzz() {}

    /** Strings up to {@code maxLength} chars: 80% from {@code alphabet}, 20% any char (surrogates included). */
    public static String string(SplittableRandom rnd, String alphabet, int maxLength) {
        int n = rnd.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(
                    rnd.nextInt(5) == 0
                            ? (char) rnd.nextInt(Character.MAX_VALUE + 1)
                            : alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Up to {@code maxTokens} tokens drawn from {@code tokens}, concatenated: words that matter, in any order. */
    public static String tokens(SplittableRandom rnd, List<String> tokens, int maxTokens) {
        StringBuilder b = new StringBuilder();
        for (int i = rnd.nextInt(maxTokens + 1); i > 0; i--) {
            b.append(tokens.get(rnd.nextInt(tokens.size())));
        }
        return b.toString();
    }

    /** Runs {@code check} on {@link #TRIES} inputs; on failure, reports the smallest failing prefix of the input. */
    public static <T> void check(Function<SplittableRandom, T> gen, Consumer<T> check) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 0; i < TRIES; i++) {
            T input = gen.apply(rnd);
            Throwable failure = failure(check, input);
            if (failure != null) {
                T smallest = input instanceof String s ? shrink(s, check) : input;
                throw new AssertionError(
                        "try %d (seed %d) failed for input %s".formatted(i, SEED, show(smallest)),
                        failure(check, smallest));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T shrink(String s, Consumer<T> check) {
        String best = s;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < best.length(); i++) {
                String cut = best.substring(0, i) + best.substring(i + 1);
                if (failure(check, (T) cut) != null) {
                    best = cut;
                    progress = true;
                    break;
                }
            }
        }
        return (T) best;
    }

    private static <T> Throwable failure(Consumer<T> check, T input) {
        try {
            check.accept(input);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static String show(Object o) {
        if (!(o instanceof String s)) {
            return String.valueOf(o);
        }
        List<String> parts = new ArrayList<>();
        s.chars().forEach(c -> parts.add(c >= 32 && c < 127 ? String.valueOf((char) c) : "\\u%04x".formatted(c)));
        return "\"" + String.join("", parts) + "\"";
    }
}
