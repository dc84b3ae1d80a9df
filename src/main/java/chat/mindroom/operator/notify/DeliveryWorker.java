package chat.mindroom.operator.notify;

import chat.mindroom.operator.config.NotifySettings;
import chat.mindroom.operator.store.DueDelivery;
import chat.mindroom.operator.store.jdbi.JdbiNotificationStore;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox on threads of its own, never the reconcile loop's: one poller claims due
 * deliveries (up to two per sender, so a backlog is claimed in batches) and {@code workers} senders
 * post them. Failures are
 * retried with exponential backoff until {@code retryFor} after the notification was written; a 410
 * stops the endpoint. Everything it knows is in PostgreSQL, so a restart (or another replica) carries on.
 */
@Context
public final class DeliveryWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final EndpointList endpoints;
    private final JdbiNotificationStore store;
    private final NotifySettings settings;
    private final Clock clock;
    private final NotificationMetrics metrics;
    private final WebhookSender sender;
    private final Semaphore free;
    private final ScheduledExecutorService poller;
    private final ExecutorService senders;
    private final Duration lease;
    private final RetrySchedule retries;
    private Instant backlogAt = Instant.MIN;
    private Instant purgeAt = Instant.MIN;

    public DeliveryWorker(EndpointList endpoints, JdbiNotificationStore store, NotifySettings settings, Clock clock,
                          NotificationMetrics metrics) {
        this.endpoints = endpoints;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.sender = new WebhookSender(settings.connectTimeout(), settings.requestTimeout(), clock);
        this.retries = new RetrySchedule(settings.backoffBase(), settings.backoffMax(), settings.retryFor());
        // Up to two claimed deliveries per sender: one sending, one queued behind it. The lease covers
        // both (each at most the two timeouts) with room to spare.
        this.free = new Semaphore(2 * settings.workers());
        this.lease = settings.connectTimeout().plus(settings.requestTimeout()).multipliedBy(2).plusSeconds(30);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "notify-poll"));
        this.senders = Executors.newFixedThreadPool(settings.workers(), r -> thread(r, "notify-send"));
        if (!endpoints.endpoints().isEmpty()) {
            LOG.info("Status notifications go to {}", endpoints.endpoints());
            poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void poll() {
        try {
            Instant now = clock.instant();
            if (!now.isBefore(backlogAt)) {
                backlogAt = now.plus(BACKLOG_EVERY);
                JdbiNotificationStore.Backlog backlog = store.backlog();
                metrics.backlog(backlog.pending(), backlog.oldest().map(o -> Math.max(0,
                        Duration.between(o, now).toSeconds())).orElse(0L), store.stoppedEndpoints().size());
            }
            if (!now.isBefore(purgeAt)) {
                purgeAt = now.plus(PURGE_EVERY);
                store.purge(now, settings.retention());
            }
            int slots = free.availablePermits();
            List<DueDelivery> due = store.claim(slots, now, now.plus(lease));
            for (DueDelivery delivery : due) {
                free.acquireUninterruptibly();
                senders.execute(() -> {
                    try {
                        deliver(delivery);
                    } finally {
                        free.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("notification delivery: cannot read the outbox now ({}); trying again", e.getMessage());
        }
    }

    private void deliver(DueDelivery due) {
        Optional<Endpoint> endpoint = endpoints.named(due.endpoint());
        if (endpoint.isEmpty()) {
            return;
        }
        WebhookSender.Result result = sender.send(endpoint.get(), due);
        Instant now = clock.instant();
        Integer status = result.status().orElse(null);
        try {
            if (result.delivered()) {
                store.sent(due, status, result.durationMs(), now);
                metrics.sent(due.endpoint());
                if (free.availablePermits() >= settings.workers()) {
                    poller.execute(this::poll);
                }
            } else if (result.gone()) {
                store.stopped(due, endpoint.get().url().toString(), status, result.durationMs(), now);
                metrics.failed(due.endpoint(), "stopped");
                LOG.warn("notification endpoint {} answered 410 Gone: it gets no more notifications until its URL"
                        + " changes or a notification is re-sent to it", due.endpoint());
            } else {
                String error = result.error().orElse("HTTP " + status);
                Optional<Instant> next = retries.next(due.attempts() + 1, now, due.createdAt(),
                        ThreadLocalRandom.current().nextDouble());
                boolean giveUp = next.isEmpty();
                store.failed(due, status, error, result.durationMs(), now, next);
                metrics.failed(due.endpoint(), giveUp ? "gave_up" : "retry");
                if (giveUp) {
                    LOG.error("notification {} to {}: gave up after {} attempts over {} ({})", due.messageId(),
                            due.endpoint(), due.attempts() + 1, settings.retryFor(), error);
                } else {
                    LOG.info("notification {} to {}: attempt {} failed ({}), next at {}", due.messageId(),
                            due.endpoint(), due.attempts() + 1, error, next.get());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("notification {} to {}: cannot record the outcome ({}); the lease runs out and it is sent again",
                    due.messageId(), due.endpoint(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
