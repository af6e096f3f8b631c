package dev.crmmigrate.resolve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Ids of new rows are UUID v5 (RFC 9562, SHA-1, name-based) of their natural key, so a retried task or a re-run
 * can never mint a second id: {@code email:<address>}, {@code phone:<e164>}, {@code org:<lower name>},
 * {@code person:email:<address>}, {@code person:qozb:<contact id>} …
 */
public final class Ids {
    /** The namespace of crm-migrate's ids (a fixed random UUID). */
    public static final UUID NAMESPACE = UUID.fromString("6f1c2a5e-3b4d-4e8f-9a0b-7c6d5e4f3a2b");

    private Ids() {}

    public static UUID v5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
                lsb = (lsb << 8) | (h[i + 8] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        long m = u.getMostSignificantBits();
        long l = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (m >>> (56 - 8 * i));
            b[i + 8] = (byte) (l >>> (56 - 8 * i));
        }
        return b;
    }

    private static final UserDefinedFunction V5 =
            functions.udf((UDF1<String, String>) key -> key == null ? null : v5(key).toString(), DataTypes.StringType);

    /** The id of {@code prefix + key}, null when key is null. */
    public static Column of(String prefix, Column key) {
        return V5.apply(functions.concat(functions.lit(prefix), key));
    }
}
