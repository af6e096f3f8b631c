package dev.crmmigrate.dedupe;

import static dev.crmmigrate.dedupe.PersonCandidates.JARO_WINKLER;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.levenshtein;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** What counts as a typo of a name or an email name, and what makes an email name the person's own name. */
public final class Similarity {
    private Similarity() {}

    /**
     * Whether an email name is made of a person's names: the last name (or its last word) with the first name or its
     * initial.
     */
    static Column madeOfName(Column local, Column first, Column last) {
        Column fn = regexp_replace(first, "[^a-z]", "");
        Column ln = regexp_replace(last, "[^a-z]", "");
        // The last word of a last name of several ("De la Cruz": cruz) is a name too.
        Column lastWord = regexp_replace(substring_index(last, " ", -1), "[^a-z]", "");
        return coalesce(
                length(ln)
                        .gt(2)
                        .and(local.contains(ln).or(length(lastWord).gt(2).and(local.contains(lastWord))))
                        .and(local.contains(fn)
                                .or(local.startsWith(substring(fn, 1, 1)))
                                .or(local.startsWith(ln))),
                lit(false));
    }

    static Column undotted(Column raw) {
        return regexp_replace(raw, "\\.", "");
    }

    /** The short token (at most four letters and digits, one a digit) that ends an email name after a dot, or "". */
    private static Column token(Column raw) {
        Column t = regexp_extract(raw, "\\.([a-z0-9]{1,4})$", 1);
        return when(t.rlike("[0-9]"), t).otherwise(lit(""));
    }

    /** Two email names (words kept apart by dots) a typo apart; a weak one (made of the name alone) never is. */
    static Column closeLocals(Column xr, Column yr, Column xWeak, Column yWeak) {
        Column x = undotted(xr);
        Column y = undotted(yr);
        return xWeak.unary_$bang()
                .and(yWeak.unary_$bang())
                .and(length(x).geq(5))
                .and(levenshtein(x, y).leq(2))
                .and(x.notEqual(y))
                .and(regexp_replace(x, "[^0-9]", "").equalTo(regexp_replace(y, "[^0-9]", "")))
                .and(token(xr).equalTo(token(yr)));
    }

    /**
     * Two names that differ by a typo: Jaro-Winkler at least 0.88, or at most one edit (two from five letters on; none
     * below three letters, where one edit is another name: 李 / 王), as fake_1000's typed names do ("Miaisie" /
     * "Maisie", "Henr" / "Henry").
     */
    static Column close(Column x, Column y) {
        return JARO_WINKLER
                .apply(x, y)
                .geq(0.88)
                .or(greatest(length(x), length(y))
                        .geq(3)
                        .and(levenshtein(x, y)
                                .leq(when(greatest(length(x), length(y)).geq(5), lit(2))
                                        .otherwise(lit(1)))));
    }
}
