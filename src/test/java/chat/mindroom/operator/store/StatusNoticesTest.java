package chat.mindroom.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.spec.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusNoticesTest {

    private static final List<String> URLS = List.of("https://acme.mindroom.test", "https://api.acme.mindroom.test");

    private static StatusUpdate update(Phase phase, List<String> urls, List<String> drift, String error) {
        return new StatusUpdate(phase, 3, List.of(), urls, Instant.EPOCH, Optional.ofNullable(error),
                Optional.ofNullable(error).map(e -> "it broke"), 0, Optional.empty(), drift, 0);
    }

    private static List<String> types(List<NewNotification> notices) {
        return notices.stream().map(NewNotification::type).toList();
    }

    @Test
    void becomingReadyIsAPhaseChangeAndReadyWithItsUrls() {
        List<NewNotification> notices = StatusNotices.of(new StatusNotices.Before(Phase.Provisioning, List.of(), 3),
                update(Phase.Ready, URLS, List.of(), null));
        assertThat(types(notices)).containsExactly("instance.phase.changed", "instance.ready");
        assertThat(notices.get(0).data()).containsEntry("phase", "Ready").containsEntry("previousPhase", "Provisioning");
        assertThat(notices.get(1).data()).containsEntry("urls", URLS);
    }

    @Test
    void aStatusWriteThatChangesNothingNotifiesNothingButNewUrlsWhileReadyDo() {
        StatusNotices.Before ready = new StatusNotices.Before(Phase.Ready, URLS, 3);
        assertThat(StatusNotices.of(ready, update(Phase.Ready, URLS, List.of(), null))).isEmpty();
        List<String> more = List.of("https://acme.mindroom.test", "https://chat.acme.com");
        assertThat(types(StatusNotices.of(ready, update(Phase.Ready, more, List.of(), null))))
                .containsExactly("instance.ready");
        assertThat(StatusNotices.ofProgress(ready, Phase.Ready)).isEmpty();
        assertThat(types(StatusNotices.ofProgress(ready, Phase.Updating))).containsExactly("instance.phase.changed");
    }

    @Test
    void failedDeletedAndDriftRepairedCarryWhatHappened() {
        List<NewNotification> failed = StatusNotices.of(new StatusNotices.Before(Phase.Updating, URLS, 3),
                update(Phase.Failed, URLS, List.of(), "RENDER_FAILED"));
        assertThat(types(failed)).containsExactly("instance.phase.changed", "instance.failed");
        assertThat(failed.get(1).data()).containsEntry("errorCode", "RENDER_FAILED").containsEntry("errorMessage", "it broke");
        assertThat(StatusNotices.of(new StatusNotices.Before(Phase.Failed, URLS, 3),
                update(Phase.Failed, URLS, List.of(), "RENDER_FAILED"))).isEmpty();

        assertThat(types(StatusNotices.of(new StatusNotices.Before(Phase.Deleting, URLS, 3),
                update(Phase.Deleted, List.of(), List.of("app_removed"), null))))
                .containsExactly("instance.phase.changed", "instance.purged");
        assertThat(types(StatusNotices.of(new StatusNotices.Before(Phase.Ready, URLS, 3),
                update(Phase.Deleted, List.of(), List.of(), null))))
                .as("a purge without grace says deleted and purged")
                .containsExactly("instance.phase.changed", "instance.deleted", "instance.purged");
        Instant purgeAt = Instant.parse("2026-12-11T10:00:00Z");
        List<NewNotification> softDeleted = StatusNotices.of(new StatusNotices.Before(Phase.Ready, URLS, 3,
                Optional.of(purgeAt)), update(Phase.Terminating, List.of(), List.of(), null));
        assertThat(types(softDeleted)).containsExactly("instance.phase.changed", "instance.deleted");
        assertThat(softDeleted.get(1).data()).containsEntry("purgeAt", "2026-12-11T10:00:00Z");

        List<NewNotification> drift = StatusNotices.of(new StatusNotices.Before(Phase.Ready, URLS, 3),
                update(Phase.Ready, URLS, List.of("limits", "env"), null));
        assertThat(types(drift)).containsExactly("instance.drift.repaired");
        assertThat(drift.get(0).data()).containsEntry("fields", List.of("limits", "env"));
        StatusNotices.Before provisioning = new StatusNotices.Before(Phase.Provisioning, List.of(), 0);
        assertThat(types(StatusNotices.of(provisioning, update(Phase.Ready, URLS, List.of("app_missing"), null))))
                .doesNotContain("instance.drift.repaired");
    }

    @Test
    void theFirstReadyEverHandsTheCredentialsOverAndNoLaterOne() {
        StatusUpdate firstReady = new StatusUpdate(Phase.Ready, 1, List.of(), URLS, Instant.EPOCH, Optional.empty(),
                Optional.empty(), 0, Optional.empty(), List.of(), 1);
        List<NewNotification> first = StatusNotices.of(new StatusNotices.Before(Phase.Provisioning, List.of(), 0,
                Optional.empty(), 0), firstReady);
        assertThat(types(first)).containsExactly("instance.phase.changed", "instance.ready", "instance.credentials");
        assertThat(first.get(2).data()).containsEntry("reason", "initial").containsEntry("keys", List.of());

        StatusUpdate updated = new StatusUpdate(Phase.Ready, 2, List.of(), URLS, Instant.EPOCH, Optional.empty(),
                Optional.empty(), 0, Optional.empty(), List.of(), 2);
        assertThat(types(StatusNotices.of(new StatusNotices.Before(Phase.Updating, URLS, 1, Optional.empty(), 1),
                updated))).doesNotContain("instance.credentials");
        assertThat(types(StatusNotices.of(new StatusNotices.Before(Phase.Provisioning, List.of(), 0,
                Optional.empty(), 0), update(Phase.Provisioning, List.of(), List.of(), null))))
                .as("not yet Ready").isEmpty();
    }
}
