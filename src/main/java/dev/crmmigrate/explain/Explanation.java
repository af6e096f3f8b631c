package dev.crmmigrate.explain;

import java.util.List;

/**
 * The decision trail of a contacts import for one contact, email or person: what {@code crm-migrate explain} prints.
 *
 * @param runId the contacts import it explains
 * @param staged whether the run's staged Delta tables were there to read; without them only the CRM and the change log
 *     speak (no normalized email, first-wins group or rejected fields)
 * @param contacts the legacy contacts involved, each first-wins group in rank order
 * @param people the people they map to
 */
public record Explanation(String runId, boolean staged, String subject, List<Contact> contacts, List<Person> people) {
    /** A legacy contact and the decisions about it. */
    public record Contact(
            String id,
            String email,
            String normalizedEmail,
            String createdAt,
            Integer rank,
            String personId,
            List<Rejected> rejected) {
        /** The first of its first-wins group: the earliest created_at, then the lowest id. */
        public boolean winner() {
            return rank != null && rank == 1;
        }
    }

    /** A field of a contact that was rejected alone (the rest of the contact migrated). */
    public record Rejected(String field, String reason) {}

    /**
     * A person and how the import came to it.
     *
     * @param matchedAddress the address by which an existing person was matched, null when created
     * @param candidates how many CRM people held that address (more than one: the earliest created was chosen)
     * @param createdBy the run that inserted the person, null when it existed before
     */
    public record Person(
            String id,
            boolean existing,
            String matchedAddress,
            long candidates,
            String createdBy,
            List<Change> enrichments,
            List<EmailStatus> emails,
            List<Link> links,
            List<Merge> merges) {}

    /**
     * A person merge (people merge, from a review file) this person took part in.
     *
     * @param kept true when this person was kept and {@code other} merged into it; false when it was merged into
     *     {@code other}
     * @param undoneAt when {@code people merge --undo} (or a cascaded rollback) took it back; null while it stands
     */
    public record Merge(String mergeId, boolean kept, String other, String mergedAt, String undoneAt) {}

    /** One enriched field, before → after, with the rule that allowed it and the run that did it. */
    public record Change(String field, String before, String after, String rule, String run) {}

    /** An email's status, and why it is what it is. */
    public record EmailStatus(String address, String status, String before, String run, String why) {}

    /** A link of the person (email, organization, phone) and the run that added it (null: not by a logged run). */
    public record Link(String kind, String target, String run) {}
}
