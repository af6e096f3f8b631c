package dev.crmmigrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Charts say what their bars are measured against: percentages on a 0-100 % axis, counts against the largest. */
class HtmlTest {
    @Test
    void aSmallPercentageIsASmallBar() {
        Map<String, Double> pct = new LinkedHashMap<>();
        pct.put("investors", 2.3);
        String page = new Html("t").bars("p", "Share in CRM", pct, "%").fragment();
        // 420 px is the full bar: 2.3 % of it, not the whole of it as when scaled to the largest value.
        assertThat(page).contains("width=\"9.7\"").contains("Share in CRM (axis 0-100 %)");
    }

    @Test
    void countsAreScaledToTheLargestAndSaySo() {
        Map<String, Double> counts = new LinkedHashMap<>();
        counts.put("a", 50.0);
        counts.put("b", 100.0);
        String page = new Html("t").bars("c", "Counts", counts, "").fragment();
        assertThat(page).contains("width=\"210.0\"", "width=\"420.0\"", "Counts (bars scaled to the largest)");
        String grouped = new Html("t")
                .groupedBars("g", "Overlap", List.of("x"), Map.of("s", List.of(50.0)), "%")
                .fragment();
        assertThat(grouped).contains("height=\"110.0\"").contains("Overlap (axis 0-100 %)");
    }
}
