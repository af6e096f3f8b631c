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
 * @param encoding      file encoding; default UTF-8
 * @param followSymlinks read a list file that is a symbolic link (default false: refused, since it may lead out of
 *                      the list folder to any file this account can read)
 */
public record ListSettings(Path dir, Map<String, List<String>> headerAliases, String encoding, Boolean followSymlinks) {
    /**
     * The header spellings of the exports people bring, compared ignoring case, spaces, '-' and '_': generic ones, and
     * the presets of HubSpot, Mailchimp, Salesforce, Apollo, LinkedIn (Sales Navigator and connections) and Google
     * Contacts ("E-mail 1 - Value", "Organization 1 - Name" …). Where a file has two matching columns, the first wins.
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
                            "e-mail address"),
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
                            "current company"),
            "full_name", List.of("full name", "name", "contact name", "contact"),
            "first_name", List.of("first name", "firstname", "given name", "first"),
            "last_name", List.of("last name", "lastname", "surname", "family name", "last"),
            "title", List.of("title", "role", "job title", "position", "organization 1 - title", "organization title"),
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
                            "work phone"));

    public ListSettings {
        headerAliases = headerAliases == null ? DEFAULT_ALIASES : Map.copyOf(headerAliases);
        encoding = Objects.requireNonNullElse(encoding, "UTF-8");
        followSymlinks = Objects.requireNonNullElse(followSymlinks, false);
    }

    public ListSettings(Path dir, Map<String, List<String>> headerAliases, String encoding) {
        this(dir, headerAliases, encoding, null);
    }
}
