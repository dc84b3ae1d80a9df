package chat.mindroom.operator.reconcile;

import chat.mindroom.operator.OperatorException;
import chat.mindroom.operator.dokku.ObservedApp;
import chat.mindroom.operator.dokku.ObservedState;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.Phase;
import chat.mindroom.operator.store.Instance;
import chat.mindroom.operator.store.OwedRestart;
import chat.mindroom.operator.store.StatusUpdate;
import chat.mindroom.operator.store.TlsAttempt;
import chat.mindroom.operator.template.DesiredApp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What an instance's status says after a pass: a pure function of the instance, what the pass saw
 * and did, and what is still owed, at the moment the pass ended. Ready is True only when the
 * current generation is fully applied: every action ran, every restart that applies it ran, no
 * conflict. A certificate that cannot be had shows in the TLS condition and nowhere else.
 */
final class StatusReport {

    /**
     * The status to record, whether the generation just became fully applied (for the histogram), and
     * whether the instance is through the rollout of the operator's revision ({@code rolloutDone}).
     */
    record Report(StatusUpdate update, boolean becameReady, boolean rolloutDone) {
    }

    private StatusReport() {
    }

    static Report of(Instance instance, InstanceSpec spec, Observer.Observation seen, Gates.Decision decision,
                     Applier.Applied applied, Map<String, OwedRestart> owed, Map<String, TlsAttempt> tls,
                     Map<String, ProbeResults.Failure> notAnswering, String host, Instant now, String revision,
                     boolean noDrift) {
        Plan plan = seen.plan();
        boolean deleting = instance.purging();
        boolean terminating = instance.terminating();
        boolean stopped = spec.suspended() || terminating;
        boolean held = !decision.held().isEmpty();
        // A deletion that leaves a foreign object in place still ends: the object was never ours.
        boolean conflicted = !plan.conflicts().isEmpty() && !deleting;
        long generation = instance.generation();
        Set<String> restarting = new TreeSet<>(owed.keySet());
        Phase phase = conflicted ? Phase.Failed
                : deleting ? (held ? Phase.Deleting : Phase.Deleted)
                : terminating ? Phase.Terminating
                : spec.suspended() ? Phase.Suspended
                : !restarting.isEmpty() ? (instance.status().readyGeneration() == 0 ? Phase.Provisioning : Phase.Updating)
                : Phase.Ready;
        Conditions conditions = new Conditions(instance.status(), now);
        String conflict = String.join("; ", plan.conflicts());
        if (conflicted) {
            conditions.set("Ready", false, "Conflict", conflict);
        } else if (phase == Phase.Ready) {
            conditions.set("Ready", true, "Ready", "generation " + generation
                    + " is applied: every app and service matches the spec");
        } else if (!restarting.isEmpty() && !deleting && !stopped) {
            conditions.set("Ready", false, "RestartPending", "generation " + generation + " is written; waiting for "
                    + "the restart of " + String.join(", ", restarting) + " that makes it live");
        } else {
            conditions.set("Ready", false, phase.name(), terminating ? "deleted at "
                    + instance.deletionRequestedAt().orElseThrow() + ": apps are stopped and data is kept until the purge"
                    + " at " + instance.purgeAt().orElseThrow() + "; POST /api/v1/instances/" + instance.name()
                    + "/undelete brings it back" : spec.suspended() && !deleting
                    ? "processes are stopped as the spec asks; data is kept" : "the instance is being purged");
        }
        conditions.set("Synced", !conflicted && !held, conflicted ? "Conflict"
                        : held ? decision.hold().map(Gates.Hold::reason).orElse("SafetyBrake") : "Converged",
                conflicted ? conflict : held ? decision.hold().map(Gates.Hold::message).orElse("")
                        : applied.done() + " actions applied");
        boolean healthy = false;
        if (!deleting) {
            healthy = healthy(conditions, seen, decision, notAnswering, stopped);
            tls(conditions, seen.planned().observed(), seen, decision, applied, tls, host, stopped);
        }
        // Through the revision's rollout: Ready again (its restarts included) or suspended as asked, and
        // healthy on a pass that started nothing (a start counts as running only until it is seen
        // running); an instance that was not healthy before is not held to it. Destructive holds of a
        // spec edit are no part of a revision.
        boolean started = decision.allowed().stream().anyMatch(a -> a instanceof Action.StartApp
                || a instanceof Action.Deploy);
        boolean wasHealthy = instance.status().conditions().stream().noneMatch(c -> c.type().equals("Healthy")
                && c.status().equals("False"));
        boolean waiting = decision.rollout() == Gates.Rollout.WAITING || decision.rollout() == Gates.Rollout.HALTED;
        // Provisioning and spec edits happen under the current revision: their starts count at once.
        boolean behind = instance.behind(revision);
        boolean rolloutDone = (phase == Phase.Ready || phase == Phase.Suspended) && !waiting && !(started && behind)
                && (healthy || !wasHealthy);
        boolean converged = rolloutDone && !held;
        rollout(conditions, instance, decision, rolloutDone, revision);
        List<String> urls = new ArrayList<>();
        if (!deleting) {
            seen.planned().desired().apps().values().forEach(a -> a.domains().forEach(d -> urls.add("https://" + d)));
        }
        boolean ready = phase == Phase.Ready;
        // What a pass changes to bring an instance to a new operator revision is no drift, nor is
        // what waits for a rollout slot (nothing was repaired).
        StatusUpdate update = new StatusUpdate(phase, generation, deleting ? conditions.only()
                : conditions.withPrevious(), urls, now, conflicted ? Optional.of("CONFLICT") : Optional.empty(),
                conflicted ? Optional.of(conflict) : Optional.empty(), 0, Optional.empty(),
                noDrift ? List.of() : new ArrayList<>(plan.drift()), ready ? generation : 0,
                converged ? Optional.of(revision) : Optional.empty());
        return new Report(update, ready && instance.status().readyGeneration() < generation, rolloutDone);
    }

    /** The Rollout condition: where the instance stands in the rollout of the operator's revision. */
    private static void rollout(Conditions conditions, Instance instance, Gates.Decision decision, boolean converged,
                                String revision) {
        boolean behind = !instance.status().appliedUnder(revision);
        switch (decision.rollout()) {
            case WAITING -> conditions.set("Rollout", false, "RolloutWaiting", "the changes of operator revision "
                    + revision + " wait for a slot in its rollout (an app that is down is still started)");
            case HALTED -> conditions.set("Rollout", false, "RolloutHalted", "the rollout of operator revision "
                    + revision + " is halted after repeated failures; POST /api/v1/rollout/resume after a fix");
            case GRANTED -> conditions.set("Rollout", converged, converged ? "RolloutDone" : "RollingOut", converged
                    ? "running operator revision " + revision : "moving to operator revision " + revision
                    + "; its rollout slot is given back once the instance is Ready and healthy again");
            case NONE -> {
                if (converged && behind && instance.status().conditions().stream().anyMatch(c -> c.type()
                        .equals("Rollout"))) {
                    conditions.set("Rollout", true, "RolloutDone", "running operator revision " + revision);
                }
            }
        }
    }

    /**
     * Running (as Dokku reports each app's processes) and answering (as the last probe of each
     * domain through the host's proxy found); an app this pass started or deployed counts as both.
     */
    /** Sets the Healthy condition; true when every app runs and answers (or the spec stops them). */
    private static boolean healthy(Conditions conditions, Observer.Observation seen, Gates.Decision decision,
                                   Map<String, ProbeResults.Failure> notAnswering, boolean suspended) {
        if (suspended) {
            conditions.set("Healthy", Conditions.UNKNOWN, "Suspended", "processes are stopped as the spec asks");
            return true;
        }
        Set<String> started = decision.allowed().stream().filter(a -> a instanceof Action.Deploy
                || a instanceof Action.StartApp).map(Action::target).collect(Collectors.toCollection(TreeSet::new));
        List<String> down = new ArrayList<>();
        for (DesiredApp app : seen.planned().desired().apps().values()) {
            ObservedApp observed = seen.planned().observed().apps().get(app.name());
            if (!started.contains(app.name()) && (observed == null || !observed.running())) {
                down.add(app.name());
            }
        }
        if (!down.isEmpty()) {
            conditions.set("Healthy", false, "NotRunning", String.join(", ", down) + (down.size() == 1 ? " is" : " are")
                    + " not running");
            return false;
        }
        List<String> silent = new ArrayList<>();
        for (DesiredApp app : seen.planned().desired().apps().values()) {
            ObservedApp observed = seen.planned().observed().apps().get(app.name());
            if (started.contains(app.name()) || observed == null) {
                continue;
            }
            observed.domains().stream().filter(notAnswering::containsKey).forEach(domain -> {
                ProbeResults.Failure failure = notAnswering.get(domain);
                silent.add(app.name() + " runs but " + domain + " answered " + failure.answer() + " through host "
                        + failure.host() + "'s proxy at " + failure.at());
            });
        }
        conditions.set("Healthy", silent.isEmpty(), silent.isEmpty() ? "Running" : "NotAnswering", silent.isEmpty()
                ? "every app is running" : String.join("; ", silent));
        return silent.isEmpty();
    }

    private static void tls(Conditions conditions, ObservedState observed, Observer.Observation seen,
                            Gates.Decision decision, Applier.Applied applied, Map<String, TlsAttempt> tls, String host,
                            boolean suspended) {
        if (!observed.facts().letsencrypt()) {
            conditions.set("TLS", false, TlsFailure.PluginMissing.name(), "host " + host
                    + " has no letsencrypt plugin; apps are served without TLS");
            return;
        }
        if (suspended) {
            conditions.set("TLS", Conditions.UNKNOWN, "Suspended", "certificates are left as they are while suspended");
            return;
        }
        if (!tls.isEmpty()) {
            TlsAttempt first = tls.values().iterator().next();
            String message = tls.values().stream().map(a -> a.app() + ": " + a.message() + " (failed " + a.failures()
                    + "x, next attempt at " + a.nextAttemptAt() + ")").collect(Collectors.joining("; "));
            conditions.set("TLS", false, first.reason(), message);
            return;
        }
        Set<String> requested = decision.allowed().stream().filter(a -> a.stage() == Stage.TLS).map(Action::target)
                .filter(app -> !applied.tlsFailures().containsKey(app)).collect(Collectors.toSet());
        List<String> waiting = new ArrayList<>();
        for (DesiredApp app : seen.planned().desired().apps().values()) {
            ObservedApp o = observed.apps().get(app.name());
            boolean active = requested.contains(app.name()) || (o != null && o.tls().orElse(false));
            if (!app.domains().isEmpty() && !active) {
                waiting.add(app.name());
            }
        }
        conditions.set("TLS", waiting.isEmpty() ? Conditions.TRUE : Conditions.UNKNOWN,
                waiting.isEmpty() ? "CertificatesActive" : "Pending", waiting.isEmpty()
                        ? "every app with a domain has an active certificate"
                        : "certificates are requested once " + String.join(", ", waiting) + " are deployed");
    }

    /** A pass that could not finish: the previous status with Ready and Synced saying why. */
    static StatusUpdate failed(Instance instance, OperatorException e, Phase phase, String readyStatus,
                               String readyReason, int attempts, Instant next, Instant now) {
        Conditions conditions = new Conditions(instance.status(), now)
                .set("Ready", readyStatus, readyReason, e.getMessage())
                .set("Synced", false, e.code().name(), e.getMessage());
        return new StatusUpdate(phase, instance.status().observedGeneration(), conditions.withPrevious(),
                instance.status().urls(), now, Optional.of(e.code().name()), Optional.of(e.getMessage()), attempts,
                Optional.of(next), List.of(), 0);
    }
}
