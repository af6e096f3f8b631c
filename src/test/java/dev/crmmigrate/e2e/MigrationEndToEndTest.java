package dev.crmmigrate.e2e;

import dev.crmmigrate.support.Slow;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;

/**
 * The end-to-end checks of the field report's migration at scale 1, one focused class each, run as one suite so that
 * one test JVM migrates once ({@link FieldReportMigration}) and every class reads that result. Surefire hands a whole
 * suite to one fork; the classes' names end in {@code E2E} so that it does not also run them alone.
 * {@code mvn test -Dtest=MigrationEndToEndTest} runs them all.
 */
// The fast tier (-Pfast) filters out every @Slow class, which leaves this suite empty there: not an error.
@Suite(failIfNoTests = false)
@Slow
@SelectClasses({
    FieldReportAuditsE2E.class,
    FieldReportImportsE2E.class,
    ReauditDriftE2E.class,
    FollowupsE2E.class,
    ConcurrentSignupsE2E.class,
    OrganizationReviewE2E.class,
    PreflightMismatchE2E.class
})
class MigrationEndToEndTest {}
