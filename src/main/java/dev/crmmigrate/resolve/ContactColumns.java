package dev.crmmigrate.resolve;

/**
 * The columns that normalizing adds to a contact (legacy contacts, list rows, QOZB and Family Office records), named
 * once for the resolvers and the audits that read them.
 */
public final class ContactColumns {
    /** The email, trimmed and lower-cased; null when missing or not a valid address. */
    public static final String EMAIL = "email_normalized";
    /** Why the email is not valid (null when it is). */
    public static final String EMAIL_INVALID = "email_invalid_reason";
    /** The phone in E.164 form ({@code +12125550100}); null when it is not a valid number. */
    public static final String PHONE = "phone_e164";
    /** Why the phone is not valid (null when it is, or when there is none). */
    public static final String PHONE_INVALID = "phone_invalid_reason";
    /** The exact organization key: the company name lower-cased per character, as the CRM's unique index. */
    public static final String COMPANY_KEY = "company_key";
    /** The company name as written, trimmed. */
    public static final String COMPANY_NAME = "company_name";
    /** First-wins rank among the contacts sharing an email: 1 = the earliest created (then the lowest id). */
    public static final String EMAIL_RANK = "email_rank";

    private ContactColumns() {}
}
