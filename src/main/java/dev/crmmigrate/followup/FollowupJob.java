package dev.crmmigrate.followup;

import dev.crmmigrate.db.Database;
import java.util.ArrayList;
import java.util.List;

/** All follow-ups in their dependency order: mapping-based backfills first, the retirement check last. */
public final class FollowupJob {
    public static final List<String> STEPS =
            List.of("campaign-fks", "signup-trigger", "activities", "email-queue", "compat-view", "retire-contacts");

    private FollowupJob() {}

    public static FollowupResult run(Database db, String step, boolean undo) {
        return switch (step) {
            case "campaign-fks" -> Followups.campaignForeignKeys(db);
            case "signup-trigger" -> Followups.signupTrigger(db);
            case "activities" -> Followups.activities(db);
            case "email-queue" -> Followups.emailQueue(db);
            case "compat-view" -> Followups.compatibilityView(db);
            case "retire-contacts" -> Followups.retireContacts(db, undo);
            default ->
                throw dev.crmmigrate.Errors.config(
                        "unknown follow-up '%s'; valid: %s, all", step, String.join(", ", STEPS));
        };
    }

    public static List<FollowupResult> all(Database db) {
        List<FollowupResult> out = new ArrayList<>();
        for (String s : STEPS) {
            out.add(run(db, s, false));
        }
        return out;
    }
}
