package dev.crmmigrate.normalize;

/** The field report's name rule: split on the first space; the first part is the first name, the rest the last. */
public final class PersonNames {
    private PersonNames() {}

    public record Split(String first, String last) {}

    public static Split split(String full) {
        if (full == null || full.isBlank()) {
            return new Split(null, null);
        }
        String s = full.strip().replaceAll("\\s+", " ");
        int sp = s.indexOf(' ');
        return sp < 0 ? new Split(s, null) : new Split(s.substring(0, sp), s.substring(sp + 1));
    }
}
