package dev.crmmigrate.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs whole imports or generates a demo data set (tens of seconds to minutes). The fast tier
 * ({@code mvn -B test -Pfast}) leaves these out; the full suite ({@code mvn -B verify}) runs them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
    String TAG = "slow";

    /**
     * About how many seconds the class takes in the full suite on the 2-core machine: a scheduling hint only
     * ({@link CostliestFirst} starts the costliest classes first), never checked.
     */
    int seconds() default 30;
}
