package dev.crmmigrate.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmmigrate.stage.Figure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Planned against actual, on a few figures: equal passes, a figure the load never reported fails, late matches. */
class VerifierTest {
    @Test
    void equalFiguresPassAndADifferenceFailsNamingBoth() {
        List<Check> checks = Verifier.plannedVsActual(
                Map.of(Figure.PHONES_INSERTED, 3L, Figure.MAPPINGS_SAVED, 5L),
                Map.of(Figure.PHONES_INSERTED, 3L, Figure.MAPPINGS_SAVED, 4L));
        assertThat(checks)
                .filteredOn(Check::passed)
                .extracting(Check::name)
                .containsExactly("planned vs actual: phones_inserted");
        assertThat(checks)
                .filteredOn(c -> !c.passed())
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("5", "4"));
    }

    @Test
    void aPlannedFigureTheLoadDidNotReportFailsInsteadOfBeingSkipped() {
        List<Check> checks = Verifier.plannedVsActual(Map.of(Figure.PEOPLE_INSERTED, 2L), Map.of());
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.detail()).isEqualTo("planned 2, the load reported nothing");
        });
    }

    @Test
    void peopleMatchedLateMoveTheirFiguresByAtMostTheirNumberInOneDirection() {
        Map<String, Long> planned = Map.of(Figure.PEOPLE_INSERTED, 10L, Figure.PEOPLE_ENRICHED, 4L);
        assertThat(Verifier.plannedVsActual(
                        planned,
                        Map.of(Figure.PEOPLE_INSERTED, 8L, Figure.PEOPLE_ENRICHED, 6L, Figure.PEOPLE_MATCHED_LATE, 2L)))
                .allMatch(Check::passed);
        assertThat(Verifier.plannedVsActual(
                        planned,
                        Map.of(Figure.PEOPLE_INSERTED, 7L, Figure.PEOPLE_ENRICHED, 6L, Figure.PEOPLE_MATCHED_LATE, 2L)))
                .as("three fewer people with two matched late")
                .anyMatch(c -> !c.passed() && c.name().endsWith(Figure.PEOPLE_INSERTED));
        assertThat(Verifier.plannedVsActual(
                        planned,
                        Map.of(
                                Figure.PEOPLE_INSERTED,
                                11L,
                                Figure.PEOPLE_ENRICHED,
                                4L,
                                Figure.PEOPLE_MATCHED_LATE,
                                1L)))
                .as("more people than planned is never explained by a late match")
                .anyMatch(c -> !c.passed() && c.name().endsWith(Figure.PEOPLE_INSERTED));
    }
}
