package dev.crmmigrate.verify;

/** One verification: what was checked, whether it held, and the evidence. */
public record Check(String name, boolean passed, String detail) {
    public static Check equal(String name, long expected, long actual) {
        return new Check(name, expected == actual, "expected " + expected + ", found " + actual);
    }
}
