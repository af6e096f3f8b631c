package dev.crmmigrate.spark;

import dev.crmmigrate.Errors;
import java.util.Map;
import org.apache.spark.sql.Observation;

/** Reading what a {@link Observation} collected while a write ran (figures without a pass of their own). */
public final class Observations {
    private Observations() {}

    /** The metrics the observation collected during the action that just ended; {@code of} names it in an error. */
    public static Map<String, ?> metrics(Observation observation, String of) {
        try {
            return observation.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.runtime("interrupted while reading the figures of %s", of);
        }
    }
}
