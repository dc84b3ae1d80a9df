package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedService;

/**
 * Whether a Dokku object found under one of an instance's names is provably the instance's own, part
 * of the pure {@link Planner}. An app is when it carries the instance's ownership marker, or when
 * this operator recorded its intent to create it and it is still empty (a crash between
 * {@code apps:create} and the first {@code config:set}). A service (no marker exists for services)
 * is when this operator recorded its intent to create it, or when every app it is linked to is the
 * instance's own. Anything else is left alone: never configured, linked, exported or destroyed,
 * unless the spec says {@code adopt}: then an unmarked app under one of the instance's names is
 * taken over (it gets the marker with its first settings), and so is a service linked to nothing
 * or only to such apps. An object marked for another instance is never taken, nor a service linked
 * to an app outside the instance.
 */
final class Ownership {

    private Ownership() {
    }

    static boolean app(ObservedApp seen, PlanInput in) {
        if (seen.managed()) {
            return marked(seen, in);
        }
        return in.adopt() || in.adoptable().contains(seen.name()) && !seen.deployed();
    }

    static boolean service(ObservedService seen, PlanInput in) {
        if (in.adoptable().contains(seen.name()) || in.adopt() && seen.linkedApps().isEmpty()) {
            return true;
        }
        return !seen.linkedApps().isEmpty() && seen.linkedApps().stream().allMatch(app -> {
            ObservedApp linked = in.observed().apps().get(app);
            return linked != null && linked.exists() && (marked(linked, in) || in.adopt() && !linked.managed());
        });
    }

    static String foreignService(ObservedService seen, PlanInput in) {
        return seen.kind().key() + " service " + seen.name() + " exists but was not created by this operator for"
                + " instance " + in.instance() + (seen.linkedApps().isEmpty() ? "" : " (linked to "
                + String.join(", ", seen.linkedApps()) + ")") + "; it is left alone (\"adopt\": true in the spec"
                + " takes it over)";
    }

    private static boolean marked(ObservedApp seen, PlanInput in) {
        return seen.owner().filter(o -> o.equals(in.instance().value())).isPresent();
    }
}
