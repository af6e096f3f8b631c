package dev.crmmigrate.followup;

import dev.crmmigrate.db.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** All follow-ups in their dependency order: mapping-based backfills first, the retirement check last. */
public final class FollowupJob {
    public static final List<String> STEPS =
            List.of("campaign-fks", "signup-trigger", "activities", "email-queue", "compat-view", "retire-contacts");

    private FollowupJob() {}

    /** @param findingsDir where each step's findings CSV goes; {@code null}: none written */
    public static FollowupResult run(Database db, String step, boolean undo, Path findingsDir) {
        Followups f = new Followups(db, findingsDir);
        return switch (step) {
            case "campaign-fks" -> f.campaignForeignKeys();
            case "signup-trigger" -> f.signupTrigger();
            case "activities" -> f.activities();
            case "email-queue" -> f.emailQueue();
            case "compat-view" -> f.compatibilityView();
            case "retire-contacts" -> f.retireContacts(undo);
            default ->
                throw dev.crmmigrate.Errors.config(
                        "unknown follow-up '%s'; valid: %s, all", step, String.join(", ", STEPS));
        };
    }

    public static List<FollowupResult> all(Database db, Path findingsDir) {
        List<FollowupResult> out = new ArrayList<>();
        for (String s : STEPS) {
            out.add(run(db, s, false, findingsDir));
        }
        return out;
    }
}
