package chat.mindroom.operator.reconcile;

import java.time.Instant;
import java.util.Map;

/**
 * Where safety brakes are kept: in PostgreSQL, so that every replica honours a brake any of them
 * engaged, and a restart does not forget one. Scope {@code fleet} or a host's name.
 */
public interface Brakes {

    /** The brakes in force, by scope. */
    Map<String, FleetGuard.Brake> current();

    /** Engages a brake unless one is on for the scope already (the first reason stays). */
    void engage(String scope, String reason, Instant since);

    void release(String scope);
}
