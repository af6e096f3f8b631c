package dev.crmmigrate.demo;

import java.util.UUID;

/**
 * Deterministic pseudo-randomness as a pure function of (seed, stream, index): the same seed gives the same value
 * for the same row on any executor, in any partition, so the generated files are byte-identical run after run.
 */
final class Rng {
    private Rng() {}

    /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, int stream, long index) {
        return mix(seed * 0x9E3779B97F4A7C15L + mix(stream * 0x632BE59BD9B4E019L + index));
    }

    /** Uniform in [0, bound). */
    static long below(long seed, int stream, long index, long bound) {
        return Math.floorMod(hash(seed, stream, index), bound);
    }

    /** True with the given percent probability. */
    static boolean chance(long seed, int stream, long index, int percent) {
        return below(seed, stream, index, 100) < percent;
    }

    static <T> T pick(long seed, int stream, long index, T[] values) {
        return values[(int) below(seed, stream, index, values.length)];
    }

    /** A deterministic UUID (version 4 layout) for generated legacy ids. */
    static UUID uuid(long seed, int stream, long index) {
        long hi = hash(seed, stream, index);
        long lo = hash(seed, stream + 7919, index);
        hi = (hi & 0xffffffffffff0fffL) | 0x0000000000004000L;
        lo = (lo & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(hi, lo);
    }
}
