package dev.crmmigrate.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The audit's company key on names from many countries and scripts: each pair of spellings of one company has one key,
 * legal forms of the ISO 20275 list go as suffix and as prefix, letters of every script stay, and the key of a key is
 * the key itself.
 */
class CompanyKeysTest {
    @ParameterizedTest(name = "{0} | {1}")
    @CsvSource(delimiter = '|', textBlock = """
      Hello World Oy                               | Oy Hello World
      Hello World Oyj                              | hello world
      Nokia Osakeyhtiö                             | NOKIA
      Allianz SE                                   | Allianz
      Siemens Aktiengesellschaft                   | Siemens AG
      Bosch GmbH                                   | Bosch Gesellschaft mit beschränkter Haftung
      Müller & Söhne GmbH & Co. KG                 | Muller and Sohne
      Straße Bau GmbH                              | STRASSE BAU
      Unilever N.V.                                | Unilever NV
      Heineken Naamloze Vennootschap               | Heineken
      Banco Santander, S.A.                        | Banco Santander SA
      Telefónica S.A.U.                            | Telefonica
      Mercadona Sociedad Anónima                   | Mercadona
      Łoś spółka z o.o                             | Los sp. z o.o.
      Żabka Polska Sp. z o. o.                     | Zabka Polska
      Orlen S.A.                                   | Orlen spółka akcyjna
      Škoda Auto a.s.                              | Skoda Auto
      Ørsted A/S                                   | Orsted
      Mærsk Aktieselskab                           | Maersk A/S
      Volvo AB                                     | Volvo Aktiebolag
      Equinor ASA                                  | Equinor
      Renault SAS                                  | Renault S.A.S.
      L'Oréal Société Anonyme                      | L Oreal
      Enel S.p.A.                                  | Enel SpA
      Luxottica S.r.l.                             | Luxottica
      Ðaković d.o.o.                               | Dakovic
      ОАО Новороссийский морской торговый порт     | Новороссийский морской торговый порт ОАО
      ООО Ромашка                                  | Ромашка Общество с ограниченной ответственностью
      ПАО Сбербанк                                 | Сбербанк
      株式会社 ソニー                                | ソニー株式会社
      株式会社トヨタ                                 | トヨタ
      Sony Kabushiki Kaisha                        | Sony K.K.
      任天堂株式会社                                 | 任天堂
      华为技术有限公司                                | 华为技术
      삼성전자 주식회사                               | 주식회사 삼성전자
      Αθηναϊκή Ζυθοποιία Α.Ε.                      | Αθηναικη Ζυθοποιια
      Koç Holding A.Ş.                             | Koc Holding
      Infosys Private Limited                      | Infosys Pvt. Ltd.
      Grab Pte. Ltd.                               | Grab
      Petronas Berhad                              | Petronas Sdn. Bhd.
      PT Bank Central Asia Tbk                     | Bank Central Asia
      Atlassian Pty Ltd                            | Atlassian
      Cemex S.A.B. de C.V.                         | Cemex
      Natura Ltda.                                 | Natura
      The Greystar Group LLC                       | Greystar Group L.L.C.
      Blackstone Inc.                              | The Blackstone Incorporated
      Æon Corp                                     | aeon
      """)
    void spellingsOfOneCompanyHaveOneKey(String a, String b) {
        String ka = CompanyKeys.normalized(a, List.of());
        assertThat(ka).isNotBlank().isEqualTo(CompanyKeys.normalized(b, List.of()));
        assertThat(CompanyKeys.normalized(ka, List.of())).as("the key of a key").isEqualTo(ka);
    }

    @Test
    void lettersOfEveryScriptStayAndFoldSensibly() {
        assertThat(CompanyKeys.normalized("ОАО Новороссийский морской торговый порт", List.of()))
                .isEqualTo("новороссийский морской торговый порт");
        assertThat(CompanyKeys.normalized("株式会社 ソニー", List.of())).isEqualTo("ソニー");
        assertThat(CompanyKeys.normalized("Łoś Straße Ørsted Æbelø Đoko", List.of()))
                .isEqualTo("los strasse orsted aebelo doko");
        assertThat(CompanyKeys.normalized("टाटा मोटर्स", List.of()))
                .as("Devanagari vowel signs are part of the letters")
                .isEqualTo("टाटा मोटर्स");
    }

    @Test
    void distinctCompaniesKeepDistinctKeys() {
        assertThat(CompanyKeys.normalized("Acme Holdings", List.of()))
                .isNotEqualTo(CompanyKeys.normalized("Acme Real Estate Partners", List.of()));
        assertThat(CompanyKeys.normalized("株式会社ソニー", List.of()))
                .isNotEqualTo(CompanyKeys.normalized("ソニー銀行", List.of()));
    }

    @Test
    void aLegalFormAloneIsNeverStrippedToNothing() {
        assertThat(CompanyKeys.normalized("GmbH", List.of())).isEqualTo("gmbh");
        assertThat(CompanyKeys.normalized("Oy AB", List.of())).isEqualTo("oy");
        assertThat(CompanyKeys.normalized("株式会社", List.of())).isEqualTo("株式会社");
        assertThat(CompanyKeys.normalized(" .. ", List.of())).isNull();
    }

    @Test
    void configuredSuffixesExtendTheList() {
        assertThat(CompanyKeys.normalized("Acme Syndicate", List.of())).isEqualTo("acme syndicate");
        assertThat(CompanyKeys.normalized("Acme Syndicate", List.of("Syndicate")))
                .isEqualTo("acme");
        assertThat(CompanyKeys.normalized("Acme GmbH", List.of("Syndicate")))
                .as("the list still applies")
                .isEqualTo("acme");
    }
}
