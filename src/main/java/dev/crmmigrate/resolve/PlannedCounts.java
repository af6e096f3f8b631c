package dev.crmmigrate.resolve;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;

import dev.crmmigrate.load.StageTable;
import dev.crmmigrate.spark.SparkCols;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the load is expected to change, computed in Spark from the staged rows and the CRM snapshot. The loader
 * reports what it actually changed under the same names; verify compares the two.
 */
public final class PlannedCounts {
  private PlannedCounts() {}

  public static Map<String, Long> of(Map<StageTable, Dataset<Row>> staged, CrmSnapshot crm, List<String> leadScale) {
    Map<String, Long> planned = new LinkedHashMap<>();
    for (Map.Entry<StageTable, Dataset<Row>> e : staged.entrySet()) {
      Dataset<Row> s = e.getValue();
      switch (e.getKey()) {
        case ORGANIZATIONS -> planned.put("organizations_inserted", antiCount(s, crm.organizations(), "name_key"));
        case EMAILS -> {
          Dataset<Row> existing = crm.emails();
          planned.put("emails_inserted", s.join(existing, s.col("address").equalTo(existing.col("address")), "left_anti").count());
          Column rank = array_position(SparkCols.strings("active", "suppressed", "bounced"), s.col("status"));
          Column was = array_position(SparkCols.strings("active", "suppressed", "bounced"), existing.col("status"));
          planned.put("email_statuses_updated",
              s.join(existing, s.col("address").equalTo(existing.col("address"))).where(rank.gt(was)).count());
        }
        case PHONES -> planned.put("phones_inserted", antiCount(s, crm.phones(), "number"));
        case PEOPLE -> planned.put("people_inserted", antiCount(s, crm.people(), "id"));
        case PERSON_ENRICHMENT -> {
          Dataset<Row> p = crm.people();
          String[] scale = leadScale.toArray(String[]::new);
          Column newRank = coalesce(array_position(SparkCols.strings(scale), s.col("lead_status")), lit(0));
          Column oldRank = coalesce(array_position(SparkCols.strings(scale), p.col("lead_status")), lit(0));
          Column tagsGrow = org.apache.spark.sql.functions.size(
              org.apache.spark.sql.functions.array_except(coalesce(s.col("tags"), SparkCols.strings()),
                  coalesce(p.col("tags"), SparkCols.strings()))).gt(0);
          Column userFill = p.col("user_id").isNull().and(s.col("user_id").isNotNull());
          planned.put("people_enriched", s.join(p, s.col("person_id").equalTo(p.col("id")))
              .where(tagsGrow.or(newRank.gt(oldRank)).or(userFill)).count());
        }
        case PROPERTIES -> planned.put("properties_inserted", antiCount(s, crm.properties(), "external_id"));
        case PERSON_EMAILS -> planned.put("person_emails_inserted", pairs(s, crm.personEmails(), "address"));
        case PERSON_PHONES -> planned.put("person_phones_inserted", pairs(s, crm.personPhones(), "number"));
        case PERSON_ORGANIZATIONS -> planned.put("person_organizations_inserted", pairs(s, crm.personOrganizations(), "org_key"));
        case CONTACT_MAP -> planned.put("mappings_saved", antiCount(s, crm.contactMap(), "contact_id"));
      }
    }
    return planned;
  }

  private static long antiCount(Dataset<Row> staged, Dataset<Row> existing, String key) {
    return staged.select(key).distinct().join(existing.select(key), staged.col(key).equalTo(existing.col(key)), "left_anti").count();
  }

  private static long pairs(Dataset<Row> staged, Dataset<Row> existing, String key) {
    Dataset<Row> s = staged.select("person_id", key).distinct();
    return s.join(existing.select("person_id", key), scala.jdk.javaapi.CollectionConverters.asScala(List.of("person_id", key)).toSeq(),
        "left_anti").count();
  }
}
