package chat.mindroom.operator.reconcile;

import static chat.mindroom.operator.reconcile.Observations.converged;
import static chat.mindroom.operator.reconcile.Observations.env;
import static chat.mindroom.operator.reconcile.Observations.withApp;
import static chat.mindroom.operator.reconcile.Observations.withService;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.template.DesiredState;
import chat.mindroom.operator.template.RenderSettings;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.TemplateLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Objects under an instance's names that carry no proof the operator created them are taken over
 * only when the spec says {@code adopt}; objects marked for another instance, and services linked to
 * apps outside the instance, never are.
 */
class AdoptionTest {

    private static final InstanceName ACME = new InstanceName("acme");
    private static final Map<String, String> SECRETS = Map.of("adminPassword", "pw-123",
            "matrixRegistrationSecret", "reg-456");
    private static final DesiredState STARTER = new Renderer(TemplateLoader.fromClasspath(),
            new RenderSettings("mindroom.chat", "v1")).render(ACME, InstanceSpec.ofTier("starter"));
    private static final String BACKEND = "mr-acme-backend";

    private static ObservedApp unmarked(ObservedApp app) {
        return env(env(app, ObservedApp.MANAGED_BY_KEY, null), ObservedApp.INSTANCE_KEY, null);
    }

    /** What the previous provisioner left: the same apps and services, no marker on the apps. */
    private static final ObservedState MOVED_IN = withApp(withApp(converged(STARTER, SECRETS, Observations.WITH_TLS),
            BACKEND, AdoptionTest::unmarked), "mr-acme-frontend", AdoptionTest::unmarked);

    private static Plan plan(ObservedState observed, boolean adopt) {
        return Planner.plan(new PlanInput(ACME, STARTER, SECRETS, observed, false, false, true, false, Set.of(),
                Set.of(), Set.of(), Set.of(), adopt));
    }

    @Test
    void withoutAdoptNothingUnmarkedIsTouched() {
        Plan plan = plan(MOVED_IN, false);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.conflicts()).anyMatch(c -> c.startsWith(BACKEND + " exists but is not managed")
                && c.endsWith("\"adopt\": true in the spec takes it over"));
        assertThat(plan.conflicts()).anyMatch(c -> c.startsWith("postgres service mr-acme-db exists"));
    }

    @Test
    void adoptTakesOverTheAppsAndTheirServicesAndMarksTheApps() {
        Plan plan = plan(MOVED_IN, true);
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.actions()).filteredOn(a -> a instanceof Action.SetConfig).extracting(Action::target)
                .containsExactlyInAnyOrder(BACKEND, "mr-acme-frontend");
        assertThat(plan.actions()).noneMatch(Action::destructive).noneMatch(a -> a instanceof Action.CreateApp
                || a instanceof Action.CreateService || a instanceof Action.Deploy);
    }

    @Test
    void anAppMarkedForAnotherInstanceIsNeverAdopted() {
        ObservedState theirs = withApp(MOVED_IN, BACKEND, a -> env(env(a, ObservedApp.MANAGED_BY_KEY,
                ObservedApp.MANAGED_BY_VALUE), ObservedApp.INSTANCE_KEY, "other"));
        Plan plan = plan(theirs, true);
        assertThat(plan.conflicts()).anyMatch(c -> c.contains("marked for instance other"));
        assertThat(plan.actions()).noneMatch(a -> a.target().equals(BACKEND));
    }

    @Test
    void aServiceLinkedToAnAppOutsideTheInstanceIsNeverAdopted() {
        ObservedState shared = withService(MOVED_IN, new ObservedService(ServiceKind.POSTGRES, "mr-acme-db", true,
                new TreeSet<>(List.of(BACKEND, "someone-elses-app"))));
        Plan plan = plan(shared, true);
        assertThat(plan.conflicts()).singleElement().asString().startsWith("postgres service mr-acme-db exists")
                .contains("someone-elses-app");
        assertThat(plan.actions()).noneMatch(a -> a.describe().contains("mr-acme-db"));
    }
}
