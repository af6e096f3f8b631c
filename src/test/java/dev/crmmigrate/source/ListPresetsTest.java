package dev.crmmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.config.ListSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The headers of the exports people bring map to the canonical list columns without any configuration. */
class ListPresetsTest {
    static Stream<Arguments> exports() {
        return Stream.of(
                Arguments.of(
                        "HubSpot",
                        "First Name,Last Name,Email,Company Name,Job Title,Phone Number",
                        "email=2 company=3 first_name=0 last_name=1 title=4 phone=5"),
                Arguments.of(
                        "Mailchimp",
                        "Email Address,First Name,Last Name,Address,Phone Number,Company",
                        "email=0 company=5 first_name=1 last_name=2 phone=4"),
                Arguments.of(
                        "Salesforce",
                        "First Name,Last Name,Title,Account Name,Email,Phone,Mobile",
                        "email=4 company=3 first_name=0 last_name=1 title=2 phone=5"),
                Arguments.of(
                        "Apollo",
                        "First Name,Last Name,Title,Company,Company Name for Emails,Email,Email Status,"
                                + "Work Direct Phone,Mobile Phone",
                        "email=5 company=3 first_name=0 last_name=1 title=2 phone=7"),
                Arguments.of(
                        "LinkedIn Sales Nav",
                        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
                        "email=3 company=4 first_name=0 last_name=1 title=5"),
                Arguments.of(
                        "Google Contacts",
                        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,"
                                + "Organization 1 - Name,Organization 1 - Title",
                        "email=4 company=7 full_name=0 first_name=1 last_name=2 title=8 phone=6"),
                Arguments.of(
                        "Outlook CSV",
                        "First Name,Middle Name,Last Name,Company,Job Title,Business Phone,E-mail Address,"
                                + "E-mail 2 Address",
                        "email=6 company=3 first_name=0 last_name=2 title=4 phone=5"),
                Arguments.of(
                        "German",
                        "Vorname,Nachname,E-Mail,Telefonnummer,Firma,Position",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "French",
                        "Prénom,Nom,Adresse e-mail,Téléphone,Société,Fonction",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "Spanish",
                        "Nombre,Apellidos,Correo electrónico,Teléfono,Empresa,Cargo",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "Italian",
                        "Nome,Cognome,Indirizzo email,Telefono,Azienda,Ruolo",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "Dutch",
                        "Voornaam,Achternaam,E-mailadres,Telefoonnummer,Bedrijf,Functie",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "Portuguese",
                        "Nome,Sobrenome,Endereço de e-mail,Telefone,Empresa,Cargo",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"),
                Arguments.of(
                        "Polish",
                        "Imię,Nazwisko,Adres e-mail,Numer telefonu,Nazwa firmy,Stanowisko",
                        "email=2 company=4 first_name=0 last_name=1 title=5 phone=3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void exportHeadersMapToTheCanonicalColumns(String tool, String header, String expected) {
        Map<String, Integer> mapped = CsvSource.mapHeader(
                Path.of(tool + ".csv"), List.of(header.split(",")), ListSettings.DEFAULT_ALIASES, List.of("email"));
        for (String e : expected.split(" ")) {
            String[] kv = e.split("=");
            assertThat(mapped).as(tool + " " + kv[0]).containsEntry(kv[0], Integer.parseInt(kv[1]));
        }
        assertThat(mapped).as(tool).hasSize(expected.split(" ").length);
    }

    @org.junit.jupiter.api.Test
    void aColumnNamedAsACanonicalColumnIsThatColumnNeverAnotherNumberOfIt() {
        Map<String, List<String>> identity =
                Map.of("contact_phone_1", List.of("contact_phone_1"), "contact_phone_2", List.of("contact_phone_2"));
        assertThat(CsvSource.headerMapping(List.of("contact_phone_1", "contact_phone_2"), identity))
                .containsEntry("contact_phone_1", List.of(0))
                .containsEntry("contact_phone_2", List.of(1));
        assertThat(CsvSource.headerMapping(List.of("name", "contact_phone_2"), identity))
                .containsEntry("contact_phone_2", List.of(1))
                .doesNotContainKey("contact_phone_1");
    }

    @org.junit.jupiter.api.Test
    void numberedColumnsMapEveryNumberAndTheEmailKeepsThemAllInOrder() {
        List<String> header = List.of(
                "Name",
                "E-mail 1 - Type",
                "E-mail 1 - Value",
                "E-mail 2 - Type",
                "E-mail 2 - Value",
                "E-mail 3 - Value");
        assertThat(CsvSource.headerMapping(header, ListSettings.DEFAULT_ALIASES))
                .containsEntry("email", List.of(2, 4, 5))
                .containsEntry("full_name", List.of(0));
    }
}
