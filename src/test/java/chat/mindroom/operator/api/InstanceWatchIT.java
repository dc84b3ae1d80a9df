package chat.mindroom.operator.api;

import static chat.mindroom.operator.testing.Documents.object;
import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.testing.Await;
import chat.mindroom.operator.testing.Fleet;
import chat.mindroom.operator.testing.RunningOperator;
import chat.mindroom.operator.testing.TestDatabase;
import chat.mindroom.operator.testing.WatchStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GET /api/v1/instances?watch=true over a real HTTP connection, against an operator whose reconcile
 * loop provisions on a sandbox host: the listing, spec and status changes, a purged instance, resuming,
 * bookmarks and filters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceWatchIT {

    private static Fleet fleet;
    private static RunningOperator operator;
    private static WatchStream first;

    @BeforeAll
    static void start() {
        fleet = new Fleet();
        fleet.sandbox("dokku-1", 10);
        operator = fleet.operator(TestDatabase.fresh(), true, Map.of("operator.watch.bookmark-interval", "300ms"));
        assertThat(operator.put("/api/v1/instances/alpha", "{\"tier\":\"free\"}").statusCode()).isEqualTo(201);
        assertThat(operator.put("/api/v1/instances/beta", "{\"tier\":\"free\"}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        operator.close();
        fleet.close();
    }

    private static WatchStream watch(String query) {
        return WatchStream.open(operator.uri("/api/v1/instances?watch=true" + query), RunningOperator.READ_TOKEN, null);
    }

    private static String phase(WatchStream.Seen seen) {
        return String.valueOf(((Map<?, ?>) seen.object().get("status")).get("phase"));
    }

    @Test
    @Order(1)
    void startsWithTheInstancesThenABookmarkThenTheirStatusChanges() {
        first = watch("");
        assertThat(first.response().statusCode()).isEqualTo(200);
        assertThat(first.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        WatchStream.Seen bookmark = first.await("the bookmark after the listing", s -> s.event().equals("BOOKMARK"));
        List<WatchStream.Seen> listed = first.seen().subList(0, first.seen().indexOf(bookmark));
        assertThat(listed).extracting(WatchStream.Seen::event).containsOnly("ADDED");
        assertThat(listed).extracting(WatchStream.Seen::name).contains("alpha", "beta");
        assertThat(listed).allSatisfy(s -> assertThat(s.id()).isEmpty());
        assertThat(bookmark.id()).contains(String.valueOf(bookmark.version()));

        // The loop's status writes are changes too: Provisioning (or straight on), then Ready.
        first.await("alpha Ready", s -> s.event().equals("MODIFIED") && s.name().equals("alpha")
                && phase(s).equals("Ready"));
        assertThat(first.seen().stream().filter(s -> s.name().equals("alpha")).map(InstanceWatchIT::phase))
                .contains("Provisioning");
        assertThat(first.seen().stream().filter(s -> s.event().equals("MODIFIED")).map(s -> s.object().get("name"))
                .toList()).contains("alpha");
        List<Long> ids = first.seen().stream().filter(s -> s.id().isPresent())
                .map(s -> Long.parseLong(s.id().get())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        first.seen().stream().filter(s -> s.id().isPresent())
                .forEach(s -> assertThat(s.id()).contains(String.valueOf(s.version())));
    }

    @Test
    @Order(2)
    void aSpecWriteIsModifiedWithTheNewGeneration() {
        assertThat(operator.put("/api/v1/instances/alpha", "{\"tier\":\"free\",\"limits\":{\"memoryMb\":768}}")
                .statusCode()).isEqualTo(200);
        WatchStream.Seen edit = first.await("alpha's generation 2", s -> s.event().equals("MODIFIED")
                && s.name().equals("alpha") && ((Number) s.object().get("generation")).longValue() == 2);
        assertThat(edit.object().get("spec").toString()).contains("768");
    }

    @Test
    @Order(3)
    void aPurgedInstanceIsDeletedWithItsLastState() {
        first.await("beta Ready", s -> s.name().equals("beta") && phase(s).equals("Ready"));
        // grace=0: the loop takes the final backup, destroys the apps and removes the row at once.
        assertThat(operator.delete("/api/v1/instances/beta?grace=0").statusCode()).isEqualTo(202);
        WatchStream.Seen tombstone = first.await("beta's tombstone", s -> s.event().equals("MODIFIED")
                && s.name().equals("beta") && s.object().get("deletionRequestedAt") != null);
        WatchStream.Seen deleted = first.await("beta DELETED", s -> s.event().equals("DELETED"));
        assertThat(deleted.name()).isEqualTo("beta");
        assertThat(deleted.version()).isGreaterThan(tombstone.version());
        assertThat(deleted.object().get("deletionRequestedAt")).isNotNull();
        assertThat(operator.get("/api/v1/instances/beta").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void resumingFromAnIdGivesExactlyTheLaterEvents() {
        List<WatchStream.Seen> changes = first.seen().stream().filter(s -> s.id().isPresent()
                && !s.event().equals("BOOKMARK")).toList();
        assertThat(changes.size()).isGreaterThanOrEqualTo(4);
        WatchStream.Seen from = changes.get(1);
        List<String> expected = changes.subList(2, changes.size()).stream().map(InstanceWatchIT::key).toList();
        try (WatchStream byQuery = watch("&resourceVersion=" + from.id().get());
             WatchStream byHeader = WatchStream.open(operator.uri("/api/v1/instances?watch=true"),
                     RunningOperator.READ_TOKEN, from.id().get())) {
            for (WatchStream resumed : List.of(byQuery, byHeader)) {
                Await.until("the resumed stream catches up; " + resumed.summary(),
                        () -> resumed.seen().stream().filter(s -> !s.event().equals("BOOKMARK")).count()
                                >= expected.size());
                List<String> got = resumed.seen().stream().filter(s -> !s.event().equals("BOOKMARK"))
                        .map(InstanceWatchIT::key).toList().subList(0, expected.size());
                assertThat(got).isEqualTo(expected);
                assertThat(resumed.seen()).noneMatch(s -> s.event().equals("ADDED") && s.id().isEmpty());
            }
        }
    }

    private static String key(WatchStream.Seen s) {
        return s.id().orElse("-") + " " + s.event() + " " + s.name() + " " + phase(s) + " " + s.object().get("generation");
    }

    @Test
    @Order(5)
    void aFilteredWatchGetsBookmarksForChangesItDoesNotSeeAndDeletedWhenAnInstanceLeavesTheFilter() {
        String position = String.valueOf(object(operator.get("/api/v1/instances").body()).get("resourceVersion"));
        assertThat(Long.parseLong(position)).isPositive();
        try (WatchStream enterprise = watch("&tier=enterprise&resourceVersion=" + position);
             WatchStream free = watch("&tier=free&resourceVersion=" + position)) {
            assertThat(operator.put("/api/v1/instances/alpha", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(200);
            WatchStream.Seen left = free.await("alpha leaving tier free", s -> s.event().equals("DELETED"));
            assertThat(left.name()).isEqualTo("alpha");
            assertThat(left.object().get("spec").toString()).contains("starter");
            WatchStream.Seen bookmark = enterprise.await("a bookmark past the change", s -> s.event().equals("BOOKMARK"));
            assertThat(bookmark.version()).isGreaterThanOrEqualTo(left.version());
            assertThat(enterprise.seen()).allMatch(s -> s.event().equals("BOOKMARK"));
        }
    }

    @Test
    @Order(6)
    void aPositionThatIsNotANumberOrFromTheFutureIsRefused() {
        HttpResponse<String> bad = operator.send(operator.request("/api/v1/instances?watch=true&resourceVersion=x")
                .header("Accept", "text/event-stream").GET().build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("resourceVersion");
        HttpResponse<String> future = operator.send(operator.request(
                "/api/v1/instances?watch=true&resourceVersion=999999999").GET().build());
        assertThat(future.statusCode()).isEqualTo(410);
        assertThat(future.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(object(future.body()).get("type").toString()).endsWith("gone");
        HttpResponse<String> writeNeeded = operator.send(HttpRequest.newBuilder(operator.uri(
                "/api/v1/instances?watch=true")).GET().build());
        assertThat(writeNeeded.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(7)
    void theWatcherGaugeCountsOpenStreams() {
        Await.until("mindroom_watchers 1", () -> operator.send(HttpRequest.newBuilder(operator.uri("/prometheus"))
                .GET().build()).body().lines().anyMatch(l -> l.startsWith("mindroom_watchers ") && l.endsWith(" 1.0")));
        assertThat(operator.send(HttpRequest.newBuilder(operator.uri("/prometheus")).GET().build()).body())
                .contains("mindroom_watch_events_sent_total", "mindroom_watchers_dropped_total");
        assertThat(Optional.of(first.ended())).contains(false);
    }

    @Test
    @Order(8)
    void aPositionWhoseChangesWerePrunedIsGoneAndAFreshListingWatchesAgain() {
        try (RunningOperator pruning = RunningOperator.start(Map.of("operator.watch.retention", "1s",
                "operator.watch.prune-interval", "200ms"))) {
            assertThat(pruning.put("/api/v1/instances/gamma", "{\"tier\":\"free\"}").statusCode()).isEqualTo(201);
            String old = String.valueOf(object(pruning.get("/api/v1/instances").body()).get("resourceVersion"));
            assertThat(pruning.put("/api/v1/instances/gamma", "{\"tier\":\"starter\"}").statusCode()).isEqualTo(200);
            Await.until("the change after " + old + " pruned", () -> {
                try (WatchStream stream = WatchStream.open(pruning.uri("/api/v1/instances?watch=true&resourceVersion="
                        + old), RunningOperator.READ_TOKEN, null)) {
                    return stream.response().statusCode() == 410;
                }
            });
            HttpResponse<String> gone = pruning.send(pruning.request("/api/v1/instances?watch=true&resourceVersion="
                    + old).GET().build());
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(object(gone.body()).get("detail").toString()).contains("list the instances again");
            String fresh = String.valueOf(object(pruning.get("/api/v1/instances").body()).get("resourceVersion"));
            try (WatchStream again = WatchStream.open(pruning.uri("/api/v1/instances?watch=true&resourceVersion="
                    + fresh), RunningOperator.READ_TOKEN, null)) {
                assertThat(again.response().statusCode()).isEqualTo(200);
                assertThat(pruning.put("/api/v1/instances/gamma", "{\"tier\":\"professional\"}").statusCode())
                        .isEqualTo(200);
                WatchStream.Seen next = again.await("the next change", s -> s.event().equals("MODIFIED"));
                assertThat(next.version()).isEqualTo(Long.parseLong(fresh) + 1);
            }
        }
    }
}
