package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.store.jdbi.JdbiApprovals;
import chat.mindroom.operator.store.jdbi.JdbiInstanceStore;
import chat.mindroom.operator.store.jdbi.JdbiPurges;
import chat.mindroom.operator.testing.Migrated;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Approvals of destructive plans on a real PostgreSQL: exactly one plan, for a while, for one instance. */
class ApprovalsIT {

    private static final InstanceName ACME = new InstanceName("acme");
    private static final String PLAN = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";

    @Test
    void anApprovalReleasesOnlyItsPlanExpiresAndDiesWithTheInstance() {
        try (Migrated db = Migrated.fresh()) {
            JdbiInstanceStore instances = new JdbiInstanceStore(db.jdbi());
            Approvals approvals = new JdbiApprovals(db.jdbi());
            Instance acme = instances.apply(ACME, InstanceSpec.ofTier("enterprise"), Precondition.NONE, "test")
                    .instance();
            Instant now = Instant.now();

            assertThatThrownBy(() -> approvals.approve(ACME, PLAN, "alice", Duration.ofHours(1)))
                    .as("nothing waits yet").extracting(e -> ((OperatorException) e).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(approvals.approved(ACME, acme.uid(), 1, PLAN, "removes mr-acme-matrix", now)).isFalse();
            assertThat(approvals.requests(ACME)).extracting(Approvals.Request::planHash).containsExactly(PLAN);

            assertThatThrownBy(() -> approvals.approve(ACME, OTHER, "alice", Duration.ofHours(1)))
                    .isInstanceOf(OperatorException.class).hasMessageContaining(PLAN);
            Approvals.Request approved = approvals.approve(ACME, PLAN, "alice", Duration.ofMinutes(10));
            assertThat(approved.approvedBy()).contains("alice");
            assertThat(approvals.approve(ACME, PLAN, "bob", Duration.ofMinutes(10)).approvedBy())
                    .as("idempotent: the first approval stands").contains("alice");
            Instant in = Instant.now();
            assertThat(approvals.approved(ACME, acme.uid(), 1, PLAN, "removes mr-acme-matrix", in)).isTrue();
            assertThat(approvals.approved(ACME, acme.uid(), 1, OTHER, "removes mr-acme-db", in))
                    .as("another plan is not approved by it").isFalse();
            assertThat(approvals.approved(ACME, acme.uid(), 1, PLAN, "removes mr-acme-matrix",
                    approved.expiresAt().orElseThrow().plusSeconds(1))).as("expired").isFalse();

            approvals.consumed(acme.uid());
            assertThat(approvals.approved(ACME, acme.uid(), 1, PLAN, "removes mr-acme-matrix", Instant.now()))
                    .as("used up once the removal ran").isFalse();

            instances.requestDeletion(ACME, Precondition.NONE, "test", i -> Duration.ZERO);
            Purges purges = new JdbiPurges(db.jdbi());
            purges.archive(purges.start(ACME).orElseThrow());
            Instance again = instances.apply(ACME, InstanceSpec.ofTier("enterprise"), Precondition.NONE, "test")
                    .instance();
            assertThat(approvals.requests(ACME)).as("a new instance of the name inherits nothing").isEmpty();
            assertThat(again.uid()).isNotEqualTo(acme.uid());
        }
    }
}
