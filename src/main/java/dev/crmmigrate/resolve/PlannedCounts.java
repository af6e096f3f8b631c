package dev.crmmigrate.resolve;

import dev.crmmigrate.load.StageTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the load is expected to change, computed in Spark from the staged rows and the CRM snapshot with the rules of
 * {@link Changes}. The loader reports what it actually changed under the same names; verify compares the two.
 */
public final class PlannedCounts {
  private PlannedCounts() {}

  public static Map<String, Long> of(Map<StageTable, Dataset<Row>> staged, CrmSnapshot crm, List<String> leadScale) {
    Map<String, Long> planned = new LinkedHashMap<>();
    for (Map.Entry<StageTable, Dataset<Row>> e : staged.entrySet()) {
      Dataset<Row> s = e.getValue();
      switch (e.getKey()) {
        case ORGANIZATIONS -> planned.put("organizations_inserted", keys(Changes.absent(s, crm.organizations(), "name_key"), "name_key"));
        case EMAILS -> {
          planned.put("emails_inserted", keys(Changes.newEmails(s, crm.emails()), "address"));
          planned.put("email_statuses_updated", keys(Changes.raisedEmails(s, crm.emails()), "address"));
        }
        case PHONES -> planned.put("phones_inserted", keys(Changes.of(StageTable.PHONES, s, crm, leadScale), "number"));
        case PEOPLE -> planned.put("people_inserted", keys(Changes.of(StageTable.PEOPLE, s, crm, leadScale), "id"));
        case PERSON_ENRICHMENT -> planned.put("people_enriched", Changes.of(StageTable.PERSON_ENRICHMENT, s, crm, leadScale).count());
        case PROPERTIES -> planned.put("properties_inserted", keys(Changes.of(StageTable.PROPERTIES, s, crm, leadScale), "external_id"));
        case PERSON_EMAILS -> planned.put("person_emails_inserted", keys(Changes.of(StageTable.PERSON_EMAILS, s, crm, leadScale), "person_id", "address"));
        case PERSON_PHONES -> planned.put("person_phones_inserted", keys(Changes.of(StageTable.PERSON_PHONES, s, crm, leadScale), "person_id", "number"));
        case PERSON_ORGANIZATIONS -> planned.put("person_organizations_inserted",
            keys(Changes.of(StageTable.PERSON_ORGANIZATIONS, s, crm, leadScale), "person_id", "org_key"));
        case CONTACT_MAP -> planned.put("mappings_saved", keys(Changes.of(StageTable.CONTACT_MAP, s, crm, leadScale), "contact_id"));
      }
    }
    return planned;
  }

  /** Distinct keys: the load statements write one row per key. */
  private static long keys(Dataset<Row> rows, String... key) {
    return rows.select(key[0], java.util.Arrays.copyOfRange(key, 1, key.length)).distinct().count();
  }
}
