package chat.mindroom.operator.store;

import chat.mindroom.operator.spec.InstanceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Approvals of destructive plans, for tiers whose policy asks for them: the reconciler records the
 * hash of a plan whose removals wait, and a person approves exactly that hash for a while.
 */
public interface Approvals {

    /** One plan that waited for (or got) an approval. */
    record Request(String planHash, String what, long generation, Instant requestedAt, Optional<String> approvedBy,
                   Optional<Instant> expiresAt) {

        public boolean approved(Instant now) {
            return expiresAt.filter(now::isBefore).isPresent();
        }
    }

    /**
     * Whether the plan with {@code planHash} of the instance {@code uid} is approved now; records it
     * as waiting when it is not yet (and forgets other plans of the instance still waiting).
     */
    boolean approved(InstanceName name, UUID uid, long generation, String planHash, String what, Instant now);

    /** The approved removals ran: the instance's approvals are used up. */
    void consumed(UUID uid);

    /** The live instance's plans that wait or were approved, newest first. */
    List<Request> requests(InstanceName name);

    /**
     * Approves the waiting plan {@code planHash} of the live instance {@code name} for {@code ttl} and
     * wakes the loop; idempotent. {@code NOT_FOUND} without the instance, {@code CONFLICT} when no
     * plan with that hash waits (the plan changed since it was read).
     */
    Request approve(InstanceName name, String planHash, String actor, Duration ttl);
}
