package dev.crmmigrate.report;

import dev.crmmigrate.Secrets;
import dev.crmmigrate.audit.AuditResult;
import dev.crmmigrate.audit.CompanyOverlapAudit;
import dev.crmmigrate.audit.ContactsAnalysisAudit;
import dev.crmmigrate.audit.EmailOverlapAudit;
import dev.crmmigrate.audit.Metric;
import dev.crmmigrate.job.AuditOutcome;
import dev.crmmigrate.source.OutreachLists;
import dev.crmmigrate.stage.CrmSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders audit results into the Markdown and HTML reports: the field report's tables plus charts. */
public final class AuditReport {
    private AuditReport() {}

    private static double dim(AuditResult r, String name, Map<String, String> dims) {
        return r.metrics().stream()
                .filter(m -> m.name().equals(name) && m.dimensions().equals(dims))
                .findFirst()
                .map(Metric::value)
                .orElse(0.0);
    }

    private static List<String> dimValues(AuditResult r, String name, String key) {
        return r.metrics().stream()
                .filter(m -> m.name().equals(name)
                        && m.dimensions().size() == 1
                        && m.dimensions().containsKey(key))
                .map(m -> m.dimensions().get(key))
                .distinct()
                .toList();
    }

    /**
     * @param showPii show overlapping addresses in full; by default they are masked ({@code j***@example.com})
     */
    public static void render(AuditOutcome o, Page page, boolean showPii) {
        if (!o.lists().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (OutreachLists.FileRead f : o.lists()) {
                rows.add(new String[] {
                    f.file(),
                    f.format(),
                    f.encoding() == null ? "" : f.encoding(),
                    f.delimiter() == null ? "" : f.delimiter(),
                    f.headerLine() == 0
                            ? ""
                            : f.headerLine()
                                    + (f.preambleRecords() > 0
                                            ? " (" + f.preambleRecords() + " preamble record(s) skipped)"
                                            : ""),
                    f.rejected() == null ? "read" : "not read: " + f.rejected()
                });
            }
            page.heading("Lists read")
                    .table(new String[] {"File", "Format", "Encoding", "Delimiter", "Header line", "Result"}, rows);
        }
        AuditResult e = o.get(EmailOverlapAudit.NAME);
        if (e != null) {
            page.heading("Email overlap: outreach lists vs CRM").figures(e.totals());
            List<String> cats = categories(dimValues(e, "unique_emails", "category"));
            List<String[]> rows = new ArrayList<>();
            Map<String, Double> pct = new LinkedHashMap<>();
            for (String c : cats) {
                Map<String, String> d = Map.of("category", c);
                rows.add(new String[] {
                    c,
                    Markdown.fmt((long) dim(e, "unique_emails", d)),
                    Markdown.fmt((long) dim(e, "overlap_with_crm", d)),
                    Markdown.fmt(dim(e, "overlap_pct", d))
                });
                pct.put(c, dim(e, "overlap_pct", d));
            }
            String[] head = {"Category", "Unique emails", "In CRM", "%"};
            page.table(head, rows)
                    .bars(
                            "email-overlap-by-category",
                            "Share of each list category's unique emails already in the CRM",
                            pct,
                            "%");
            List<String[]> perList = new ArrayList<>();
            for (String l : dimValues(e, "unique_emails", "list")) {
                Map<String, String> d = Map.of("list", l);
                perList.add(new String[] {
                    l,
                    Markdown.fmt((long) dim(e, "unique_emails", d)),
                    Markdown.fmt((long) dim(e, "overlap_with_crm", d)),
                    Markdown.fmt(dim(e, "overlap_pct", d))
                });
            }
            page.table(new String[] {"List", "Unique emails", "In CRM", "%"}, perList);
            // A bounded sample for drill-down; the whole row-level result is the Delta table email_overlap_rows.
            List<String[]> sample = o.overlapSample().stream()
                    .map(r -> new String[] {showPii ? r[0] : Secrets.maskEmail(r[0]), r[1], r[2]})
                    .toList();
            String[] sh = {"Address" + (showPii ? "" : " (masked; --show-pii shows it)"), "Lists", "CRM sources"};
            page.text("Sample of overlapping addresses:").table(sh, sample);
        }
        AuditResult c = o.get(CompanyOverlapAudit.NAME);
        if (c != null) {
            page.heading("Company overlap (normalized names)").figures(c.totals());
            List<String> cats = categories(dimValues(c, "unique_companies", "category"));
            List<String[]> rows = new ArrayList<>();
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("vs QOZB", new ArrayList<>());
            series.put("vs Family Office", new ArrayList<>());
            series.put("vs any CRM", new ArrayList<>());
            for (String cat : cats) {
                double q = dim(c, "overlap_pct", Map.of("category", cat, "crm_source", CrmSources.QOZB));
                double f = dim(c, "overlap_pct", Map.of("category", cat, "crm_source", CrmSources.FAMILY_OFFICE));
                double a = dim(c, "overlap_pct", Map.of("category", cat, "crm_source", "crm"));
                rows.add(new String[] {
                    cat,
                    Markdown.fmt((long) dim(c, "unique_companies", Map.of("category", cat))),
                    Markdown.fmt(q) + "%",
                    Markdown.fmt(f) + "%",
                    Markdown.fmt(a) + "%"
                });
                series.get("vs QOZB").add(q);
                series.get("vs Family Office").add(f);
                series.get("vs any CRM").add(a);
            }
            String[] head = {"List category", "Unique companies", "vs QOZB", "vs Family Office", "vs any CRM"};
            page.text("Category matrix:")
                    .table(head, rows)
                    .groupedBars(
                            "company-category-matrix",
                            "Company overlap by list category and CRM source (%)",
                            cats,
                            series,
                            "%");
        }
        AuditResult a = o.get(ContactsAnalysisAudit.NAME);
        if (a != null) {
            long total = (long) a.value("total_contacts");
            List<String[]> rows = new ArrayList<>();
            Map<String, Double> bars = new LinkedHashMap<>();
            String[][] labels = {
                {"email_match", "Email match (will enrich)"},
                {"email_new", "Email new (will create)"},
                {"phone_match", "Phone match"},
                {"phone_new", "Phone new"},
                {"company_match_exact", "Company match (exact)"},
                {"company_new_unique", "Company new (unique)"},
                {"has_name", "Has name"},
                {"has_role", "Has role"},
                {"has_location", "Has location"},
                {"has_user_id", "Has user_id"},
                {"globally_bounced", "Globally bounced"},
                {"globally_unsubscribed", "Globally unsubscribed"},
                {"duplicate_emails", "Duplicate emails in contacts"}
            };
            rows.add(new String[] {"Total contacts", Markdown.fmt(total), "100%"});
            for (String[] l : labels) {
                long v = (long) a.value(l[0]);
                rows.add(new String[] {l[1], Markdown.fmt(v), Markdown.fmt(Metric.pct(v, total)) + "%"});
                bars.put(l[1], (double) v);
            }
            page.heading("Live contacts analysis")
                    .table(new String[] {"Metric", "Count", "%"}, rows)
                    .bars("contacts-analysis", "Contacts analysis: counts per metric", bars, "");
        }
    }

    private static List<String> categories(List<String> found) {
        List<String> out = new ArrayList<>(
                OutreachLists.CATEGORIES.stream().filter(found::contains).toList());
        found.stream().filter(f -> !out.contains(f)).forEach(out::add);
        return out;
    }

    /** Writes report.md, report.html and summary.json of an audit run to {@code reportsDir/<run id>/}. */
    public static Path write(Path reportsDir, AuditOutcome o, boolean showPii) {
        Page page = new Page("crm-migrate audit " + o.runId());
        render(o, page, showPii);
        Map<String, Object> summary = o.summary();
        return ReportWriter.write(reportsDir, o.runId(), summary, page.markdown(), page.html());
    }
}
