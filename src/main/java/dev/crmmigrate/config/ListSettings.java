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
 */
public record ListSettings(Path dir, Map<String, List<String>> headerAliases, String encoding) {
  public static final Map<String, List<String>> DEFAULT_ALIASES = Map.of(
      "email", List.of("email", "e-mail", "email_address", "email address", "e_mail", "mail", "work email"),
      "company", List.of("company", "organization", "organisation", "company name", "firm", "account"),
      "full_name", List.of("full name", "name", "contact name", "contact"),
      "first_name", List.of("first name", "firstname", "given name"),
      "last_name", List.of("last name", "lastname", "surname", "family name"),
      "title", List.of("title", "role", "job title", "position"),
      "phone", List.of("phone", "phone number", "telephone", "mobile", "tel"));

  public ListSettings {
    headerAliases = headerAliases == null ? DEFAULT_ALIASES : Map.copyOf(headerAliases);
    encoding = Objects.requireNonNullElse(encoding, "UTF-8");
  }
}
