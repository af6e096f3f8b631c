package dev.crmmigrate.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * A self-contained HTML page (no scripts, no network: inline CSS and SVG charts) that renders the same in any browser.
 */
public final class Html {
    private static final String[] PALETTE = {"#2f6db5", "#e08a2e", "#3a9d5d", "#b5482f", "#7a5fb0"};
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public Html(String title) {
        this.title = title;
    }

    public static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    public Html heading(String h) {
        body.append("<h2>").append(esc(h)).append("</h2>\n");
        return this;
    }

    public Html text(String t) {
        body.append("<p>").append(esc(t)).append("</p>\n");
        return this;
    }

    /** A sentence ending in a link to a file beside the page (e.g. the full list of findings as CSV). */
    public Html textWithLink(String text, String file) {
        body.append("<p>")
                .append(esc(text))
                .append("<a href=\"")
                .append(esc(file))
                .append("\">")
                .append(esc(file))
                .append("</a></p>\n");
        return this;
    }

    public Html table(String[] header, List<String[]> rows) {
        body.append("<table><thead><tr>");
        for (String h : header) {
            body.append("<th>").append(esc(h)).append("</th>");
        }
        body.append("</tr></thead><tbody>\n");
        for (String[] r : rows) {
            body.append("<tr>");
            for (int i = 0; i < r.length; i++) {
                body.append(i == 0 ? "<td>" : "<td class=\"num\">")
                        .append(esc(r[i]))
                        .append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /**
     * Horizontal bars, one per label. Percentages ({@code unit} "%") are drawn on a 0-100 % axis, so a 2.3 % bar is
     * short; counts are drawn against the largest one, which the caption then says.
     */
    public Html bars(String id, String caption, Map<String, Double> values, String unit) {
        double max = axisMax(values.values().stream().mapToDouble(Double::doubleValue), unit);
        int rowH = 26;
        int labelW = 210;
        int barW = 420;
        int h = values.size() * rowH + 30;
        body.append("<figure><svg class=\"chart\" id=\"")
                .append(esc(id))
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(caption))
                .append("\" width=\"")
                .append(labelW + barW + 110)
                .append("\" height=\"")
                .append(h)
                .append("\">\n");
        int y = 10;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double w = max <= 0 ? 0 : barW * e.getValue() / max;
            body.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text><rect class=\"bar\" "
                            + "x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s: %s</title></rect>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s</text>%n",
                    labelW - 8,
                    y + 14,
                    esc(e.getKey()),
                    labelW,
                    y,
                    Math.max(w, 1),
                    PALETTE[0],
                    esc(e.getKey()),
                    fmt(e.getValue(), unit),
                    labelW + Math.max(w, 1) + 6,
                    y + 14,
                    fmt(e.getValue(), unit)));
            y += rowH;
        }
        body.append("</svg><figcaption>").append(esc(caption + scaleNote(unit))).append("</figcaption></figure>\n");
        return this;
    }

    /** The axis a chart is drawn against: 0-100 for percentages, else the largest value. */
    static double axisMax(DoubleStream values, String unit) {
        return "%".equals(unit) ? 100 : values.max().orElse(1);
    }

    private static String scaleNote(String unit) {
        return "%".equals(unit) ? " (axis 0-100 %)" : " (bars scaled to the largest)";
    }

    /** Grouped vertical bars: for each group (x), one bar per series. */
    public Html groupedBars(
            String id, String caption, List<String> groups, Map<String, List<Double>> series, String unit) {
        double max = axisMax(series.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue), unit);
        int plotH = 220;
        int groupW = 40 + 34 * series.size();
        int w = 60 + groups.size() * groupW + 160;
        body.append("<figure><svg class=\"chart\" id=\"")
                .append(esc(id))
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(caption))
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(plotH + 60)
                .append("\">\n");
        body.append(String.format(
                Locale.ROOT,
                "<line x1=\"50\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
                plotH + 10,
                w - 150,
                plotH + 10));
        for (int g = 0; g < groups.size(); g++) {
            int x0 = 60 + g * groupW;
            int s = 0;
            for (Map.Entry<String, List<Double>> e : series.entrySet()) {
                double v = e.getValue().get(g);
                double bh = max <= 0 ? 0 : plotH * v / max;
                body.append(String.format(
                        Locale.ROOT,
                        "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"30\" height=\"%.1f\" fill=\"%s\"><title>%s, "
                                + "%s: %s</title></rect>"
                                + "<text x=\"%d\" y=\"%.1f\" class=\"value\" text-anchor=\"middle\">%s</text>%n",
                        x0 + s * 34,
                        plotH + 10 - bh,
                        Math.max(bh, 0.5),
                        PALETTE[s % PALETTE.length],
                        esc(groups.get(g)),
                        esc(e.getKey()),
                        fmt(v, unit),
                        x0 + s * 34 + 15,
                        plotH + 6 - bh,
                        fmt(v, unit)));
                s++;
            }
            body.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>%n",
                    x0 + 17 * series.size(),
                    plotH + 30,
                    esc(groups.get(g))));
        }
        int s = 0;
        for (String name : series.keySet()) {
            body.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" "
                            + "class=\"label\">%s</text>%n",
                    w - 140,
                    14 + s * 20,
                    PALETTE[s % PALETTE.length],
                    w - 122,
                    24 + s * 20,
                    esc(name)));
            s++;
        }
        body.append("</svg><figcaption>").append(esc(caption + scaleNote(unit))).append("</figcaption></figure>\n");
        return this;
    }

    private static String fmt(double v, String unit) {
        return "%".equals(unit) ? String.format(Locale.ROOT, "%.1f%%", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** The body without the page around it: for embedding, e.g. as a notebook cell's output. */
    public String fragment() {
        return "<div class=\"crm-migrate\">" + body + "</div>";
    }

    @Override
    public String toString() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n"
                + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem "
                + "auto;max-width:1000px;color:#222}\n"
                + "h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}\n"
                + "table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .7rem;border-bottom:1px solid "
                + "#eee;text-align:left}\n"
                + "td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f7fa}\n"
                + "figure{margin:1rem 0}figcaption{color:#666;font-size:.85rem}"
                + ".label{font-size:12px;fill:#333}.value{font-size:11px;fill:#555}\n"
                + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body></html>\n";
    }
}
