package dev.crmmigrate.normalize;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

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

    /** [first, last]: the name split on its first space after trimming and collapsing whitespace. */
    public static Column[] splitName(Column name) {
        Column clean = regexp_replace(trim(name), "\\s+", " ");
        Column parts = functions.split(clean, " ", 2);
        Column blank = name.isNull().or(clean.equalTo(lit("")));
        return new Column[] {
            when(blank, lit(null).cast("string")).otherwise(try_element_at(parts, lit(1))),
            when(blank, lit(null).cast("string")).otherwise(try_element_at(parts, lit(2)))
        };
    }
}
