package chat.mindroom.operator.backup;

import chat.mindroom.operator.config.OperatorSettings;
import chat.mindroom.operator.config.ReconcileSettings;
import chat.mindroom.operator.dokku.DokkuFleet;
import chat.mindroom.operator.reconcile.Wakeups;
import chat.mindroom.operator.spec.SpecReader;
import chat.mindroom.operator.store.ReconcileStore;
import chat.mindroom.operator.store.Replica;
import chat.mindroom.operator.store.jdbi.NotificationOutbox;
import chat.mindroom.operator.template.BackupPolicy;
import chat.mindroom.operator.template.Renderer;
import chat.mindroom.operator.template.Templates;
import chat.mindroom.operator.template.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires backups: where they are stored, the service that takes and restores them, and the schedule. */
@Factory
final class BackupFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BackupFactory.class);

    @Singleton
    BackupMetrics backupMetrics(MeterRegistry registry, Templates templates) {
        return new BackupMetrics(registry, templates.tiers().all().keySet());
    }

    @Singleton
    BackupStorage backupStorage(BackupSettings settings, OperatorSettings operator, Clock clock) {
        if (settings.s3()) {
            return new S3BackupStorage(URI.create(settings.s3Endpoint()), settings.s3Bucket(),
                    new SigV4(settings.s3AccessKey(), settings.s3SecretKey(), settings.s3Region()), clock);
        }
        return new LocalBackupStorage(operator.backupPath());
    }

    @Singleton
    BackupTargets backupTargets(Templates templates, Renderer renderer, OperatorSettings settings) {
        return new BackupTargets(new SpecReader(templates.tiers(), settings.baseDomain()), renderer, templates.tiers());
    }

    @Singleton
    Backups backups(ReconcileStore store, Jdbi jdbi, BackupStorage storage, BackupTargets targets, DokkuFleet fleet,
                    BackupMetrics metrics, OperatorSettings settings, Replica replica, Clock clock,
                    NotificationOutbox outbox) {
        return new Backups(store, new BackupStore(jdbi, outbox), storage, targets, fleet, metrics,
                settings.dataPath().resolve("backup-staging"), replica.id(), clock);
    }

    @Singleton
    Restorer restorer(ReconcileStore store, Jdbi jdbi, BackupStorage storage, BackupTargets targets, DokkuFleet fleet,
                      BackupMetrics metrics, OperatorSettings settings, Replica replica, Clock clock, Wakeups wakeups) {
        return new Restorer(store, new BackupStore(jdbi), storage, targets, fleet, metrics,
                settings.dataPath().resolve("backup-staging"), replica.id(), clock, wakeups::wake);
    }

    private static final Duration CLONE_TICK = Duration.ofSeconds(5);

    /** Clones (instances created with {@code restoreFrom}) get their data once first Ready. */
    @Context
    @Bean(preDestroy = "close")
    CloneRestores cloneRestores(Jdbi jdbi, Restorer restorer, BackupSettings settings, ReconcileSettings reconcile) {
        CloneRestores clones = new CloneRestores(new BackupStore(jdbi), restorer);
        if (reconcile.enabled()) {
            // A cheap query; a clone should not wait a whole backup tick once it is Ready.
            clones.start(settings.scheduleTick().compareTo(CLONE_TICK) < 0 ? settings.scheduleTick() : CLONE_TICK);
        }
        return clones;
    }

    /** Started with the application, so the backup metrics exist from the first scrape. */
    @Context
    @Bean(preDestroy = "close")
    BackupScheduler backupScheduler(Jdbi jdbi, Backups backups, Templates templates, BackupMetrics metrics,
                                    BackupSettings settings, ReconcileSettings reconcile, BackupStorage storage,
                                    Clock clock) {
        BackupScheduler scheduler = new BackupScheduler(new BackupStore(jdbi), backups,
                tier -> tier.flatMap(templates.tiers()::find).map(Tier::backups).orElse(BackupPolicy.DEFAULT),
                metrics, clock, settings.concurrencyPerHost());
        if (reconcile.enabled() && settings.scheduleEnabled()) {
            scheduler.start(settings.scheduleTick());
            LOG.info("scheduled backups on, to {}; at most {} at once per host", storage.describe(),
                    settings.concurrencyPerHost());
        }
        if (settings.keepAfterPurge().isNegative()) {
            throw new ConfigurationException("OPERATOR_BACKUP_KEEP_AFTER_PURGE must not be negative (0s deletes a"
                    + " purged instance's backups at once)");
        }
        if (reconcile.enabled()) {
            scheduler.pruneAfterPurge(settings.scheduleTick(), settings.keepAfterPurge());
        }
        return scheduler;
    }
}
