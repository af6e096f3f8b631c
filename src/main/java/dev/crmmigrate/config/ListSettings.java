package dev.crmmigrate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Outreach CSV lists.
 *
 * @param dir           the folder of CSV files (with an optional {@code lists.yaml} manifest); default: the demo data
 * @param headerAliases canonical column → header spellings seen in real lists (compared case-insensitively, ignoring
 *                      spaces, '-' and '_')
 * @param encoding      the encoding of every list file; default: found per file (a byte-order mark, else UTF-8 when
 *                      the bytes are valid UTF-8, else {@code fallbackEncoding}). An entry's own in lists.yaml wins
 * @param fallbackEncoding the encoding of a file with no byte-order mark that is not valid UTF-8; default
 *                      Windows-1252, as Excel writes
 * @param strict        an unreadable list file stops the whole read (default false: it is reported as a rejected file
 *                      and the other lists are read)
 * @param followSymlinks read a list file that is a symbolic link (default false: refused, since it may lead out of
 *                      the list folder to any file this account can read)
 */
public record ListSettings(
        Path dir,
        Map<String, List<String>> headerAliases,
        String encoding,
        Boolean followSymlinks,
        String fallbackEncoding,
        Boolean strict) {
    /**
     * The header spellings of the exports people bring, compared ignoring case, spaces, '-' and '_': generic ones, and
     * the presets of HubSpot, Mailchimp, Salesforce, Apollo, LinkedIn (Sales Navigator and connections), Outlook and
     * Google Contacts ("E-mail 1 - Value", "Organization 1 - Name" …; a numbered spelling matches every number), and
     * the German, French, Spanish, Italian, Dutch, Portuguese and Polish spellings of each. Where a file has two
     * matching columns, the first wins; for the email, the first that holds a valid address.
     */
    public static final Map<String, List<String>> DEFAULT_ALIASES = Map.of(
            "email",
            List.of(
                    "email",
                    "e-mail",
                    "email_address",
                    "email address",
                    "e_mail",
                    "mail",
                    "work email",
                    "business email",
                    "primary email",
                    "e-mail 1 - value",
                    "e-mail address",
                    "e-mail 1 address",
                    // de, fr, es, it, nl, pt, pl
                    "e-mail-adresse",
                    "mailadresse",
                    "adresse e-mail",
                    "adresse email",
                    "adresse électronique",
                    "courriel",
                    "adresse de courriel",
                    "correo",
                    "correo electrónico",
                    "correo electronico",
                    "dirección de correo electrónico",
                    "indirizzo email",
                    "indirizzo e-mail",
                    "posta elettronica",
                    "e-mailadres",
                    "endereço de e-mail",
                    "endereço de email",
                    "adres e-mail",
                    "adres email",
                    "poczta e-mail"),
            "company",
            List.of(
                    "company",
                    "organization",
                    "organisation",
                    "company name",
                    "firm",
                    "account",
                    "account name",
                    "organization name",
                    "organization 1 - name",
                    "employer",
                    "current company",
                    "firma",
                    "firmenname",
                    "unternehmen",
                    "société",
                    "societe",
                    "entreprise",
                    "empresa",
                    "compañía",
                    "organización",
                    "azienda",
                    "società",
                    "bedrijf",
                    "bedrijfsnaam",
                    "organisatie",
                    "organização",
                    "nazwa firmy",
                    "organizacja"),
            "full_name",
            List.of(
                    "full name",
                    "name",
                    "contact name",
                    "contact",
                    "vollständiger name",
                    "nom complet",
                    "nombre completo",
                    "nome completo",
                    "volledige naam",
                    "naam",
                    "imię i nazwisko"),
            "first_name",
            List.of(
                    "first name",
                    "firstname",
                    "given name",
                    "first",
                    "vorname",
                    "prénom",
                    "prenom",
                    "nombre",
                    "nome",
                    "voornaam",
                    "primeiro nome",
                    "imię",
                    "imie"),
            "last_name",
            List.of(
                    "last name",
                    "lastname",
                    "surname",
                    "family name",
                    "last",
                    "nachname",
                    "familienname",
                    "nom",
                    "nom de famille",
                    "apellido",
                    "apellidos",
                    "cognome",
                    "achternaam",
                    "sobrenome",
                    "apelido",
                    "nazwisko"),
            "title",
            List.of(
                    "title",
                    "role",
                    "job title",
                    "position",
                    "organization 1 - title",
                    "organization title",
                    "titel",
                    "funktion",
                    "berufsbezeichnung",
                    "fonction",
                    "poste",
                    "cargo",
                    "puesto",
                    "ruolo",
                    "qualifica",
                    "functie",
                    "função",
                    "stanowisko"),
            "phone",
            List.of(
                    "phone",
                    "phone number",
                    "telephone",
                    "mobile",
                    "tel",
                    "phone 1 - value",
                    "work direct phone",
                    "mobile phone",
                    "corporate phone",
                    "business phone",
                    "work phone",
                    "telefon",
                    "telefonnummer",
                    "handy",
                    "mobiltelefon",
                    "téléphone",
                    "portable",
                    "teléfono",
                    "móvil",
                    "telefono",
                    "cellulare",
                    "telefoonnummer",
                    "mobiel",
                    "telefone",
                    "celular",
                    "numer telefonu",
                    "komórka"));

    public ListSettings {
        headerAliases = headerAliases == null ? DEFAULT_ALIASES : Map.copyOf(headerAliases);
        followSymlinks = Objects.requireNonNullElse(followSymlinks, false);
        fallbackEncoding = Objects.requireNonNullElse(fallbackEncoding, "windows-1252");
        strict = Objects.requireNonNullElse(strict, false);
    }

    public ListSettings(Path dir, Map<String, List<String>> headerAliases, String encoding) {
        this(dir, headerAliases, encoding, null, null, null);
    }

    /** The same settings with {@code strict} set (the command line's {@code --strict}). */
    public ListSettings withStrict(boolean on) {
        return new ListSettings(dir, headerAliases, encoding, followSymlinks, fallbackEncoding, on);
    }
}
