package dev.crmmigrate.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The suite's class order: the costliest classes first (by {@link Slow#seconds}), then the rest by name. The full
 * suite runs two classes at a time in one JVM; a long class that starts last would leave one core idle until it ends.
 */
public final class CostliestFirst implements ClassOrderer {
    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparingInt(CostliestFirst::seconds)
                        .reversed()
                        .thenComparing(d -> d.getTestClass().getName()));
    }

    static int seconds(ClassDescriptor d) {
        return d.findAnnotation(Slow.class).map(Slow::seconds).orElse(0);
    }
}
