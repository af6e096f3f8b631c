package dev.crmmigrate.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.Rules;
import dev.crmmigrate.support.Fuzz;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 13, the normalizers: for any input no exception escapes, normalizing twice is normalizing once,
 * and a value is either normalized or rejected with a reason. Bounded: {@link Fuzz#TRIES} inputs per property.
 */
class NormalizerFuzzTest {

    static void emailProperties(String raw) {
        String n = Emails.normalize(raw);
        assertThat(Emails.normalize(n)).isEqualTo(n);
        String reason = Emails.invalidReason(n);
        if (n == null) {
            assertThat(reason).isEqualTo("missing email");
        }
        if (reason == null) {
            assertThat(Emails.domain(n)).isNotBlank();
        }
    }

    @Test
    void emailNormalizationIsIdempotentAndAlwaysAnswers() {
        Fuzz.check(r -> Fuzz.string(r, "aB.@ +-_\u0130\u00e9\t\u00a0xn.com", 40), NormalizerFuzzTest::emailProperties);
    }

    @Test
    void phoneNormalizationIsIdempotentAndEitherNormalizesOrGivesAReason() {
        Fuzz.check(r -> Fuzz.string(r, "0125579+()- x.#", 25), raw -> {
            Phones.Result p = Phones.normalize(raw, "US");
            if (raw.isBlank()) {
                assertThat(p).isEqualTo(new Phones.Result(null, null));
                return;
            }
            assertThat(p.e164() == null).isNotEqualTo(p.reason() == null);
            if (p.e164() != null) {
                assertThat(p.e164()).matches("\\+[1-9][0-9]{6,14}");
                assertThat(Phones.e164(p.e164(), "US")).isEqualTo(p.e164());
                assertThat(Phones.e164(p.e164(), "GB"))
                        .as("an E.164 number does not depend on the default region")
                        .isEqualTo(p.e164());
            }
        });
    }

    @Test
    void companyKeysAreIdempotentAndPlain() {
        List<String> words = List.of(
                "the ",
                "The ",
                "THE",
                "llc",
                "L.L.C.",
                "inc",
                "Inc.",
                " ",
                ",",
                "&",
                "-",
                "co",
                "acme",
                "\u00e9",
                "e\u0301",
                "\u00df",
                "\u2163",
                "  ",
                "Oy",
                "ООО",
                "株式会社",
                "ソニー",
                "ł",
                "Sp. z o.o.",
                "й",
                "\u0915\u093e",
                "A/S");
        Fuzz.check(
                r -> r.nextBoolean() ? Fuzz.tokens(r, words, 8) : Fuzz.string(r, "the lc inc.,&THELC\u00e9-", 40),
                name -> {
                    String key = CompanyKeys.normalized(name, Rules.DEFAULT_LEGAL_SUFFIXES);
                    assertThat(CompanyKeys.normalized(key, Rules.DEFAULT_LEGAL_SUFFIXES))
                            .isEqualTo(key);
                    String exact = CompanyKeys.exact(name);
                    assertThat(CompanyKeys.exact(exact)).isEqualTo(exact);
                    if (key != null) {
                        // Letters and digits of every script, lower-case, single spaces.
                        assertThat(key)
                                .matches("[\\p{L}\\p{N}\\p{M}]+( [\\p{L}\\p{N}\\p{M}]+)*")
                                .isEqualTo(key.toLowerCase(Locale.ROOT));
                    }
                });
    }
}
