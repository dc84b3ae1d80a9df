package chat.mindroom.operator.dokku.parse;

import static chat.mindroom.operator.testing.Samples.demo;
import static chat.mindroom.operator.testing.Samples.docs;
import static chat.mindroom.operator.testing.Samples.recording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every parser against every relevant sample: real 0.38.27 recordings, docs and derived outputs. */
class DokkuOutputTest {

    @Test
    void appsList() {
        assertThat(DokkuOutput.appsList(recording("apps-list.txt").stdout())).containsExactly("demo");
        assertThat(DokkuOutput.appsList(recording("apps-list-json.txt").stdout())).containsExactly("demo");
        assertThat(DokkuOutput.appsList(docs("apps-list.txt"))).containsExactly("node-js-app", "python-app");
        assertThat(DokkuOutput.appsList("[]\n")).isEmpty();
        assertThat(DokkuOutput.appsList("")).isEmpty();
    }

    @Test
    void appsReportInBothKeyShapesAndText() {
        ParsedReport real = ParsedReport.json("app", recording("apps-report-json.txt").stdout());
        assertThat(real.get("dir")).contains("/home/dokku/mr-cap-backend");
        assertThat(real.get("deploy-source")).contains("");
        ParsedReport derived = ParsedReport.json("app", docs("apps-report-json.derived.txt"));
        assertThat(derived.get("deploy-source")).contains("docker-image");
        assertThat(derived.get("deploy-source-metadata")).contains("ghcr.io/acme/web:1.4.2");
        // Pre-0.38.8 hosts print only the prefixed keys.
        ParsedReport legacy = ParsedReport.json("app", "{\"app-deploy-source\":\"git-push\",\"app-locked\":\"false\"}");
        assertThat(legacy.get("deploy-source")).contains("git-push");
        // Text layout, real and docs.
        assertThat(ParsedReport.text("app", demo("demo-apps-report-demo.txt")).get("dir")).contains("/home/dokku/demo");
        assertThat(ParsedReport.text("app", demo("demo-apps-report-demo.txt")).get("created-at")).contains("1795427013");
        assertThat(ParsedReport.text("app", docs("apps-report.txt")).get("dir")).isPresent();
        assertThat(ParsedReport.text("app", docs("apps-report.derived.txt")).get("deploy-source")).isPresent();
    }

    @Test
    void resourceReportsOfEveryShape() {
        ParsedReport real = ParsedReport.json("resource", recording("resource-report-json.txt").stdout());
        assertThat(DokkuOutput.defaultLimit(real, "memory")).contains("512m");
        assertThat(DokkuOutput.defaultLimit(real, "cpu")).contains("0.5");
        ParsedReport empty = ParsedReport.json("resource", recording("resource-report-empty-json.txt").stdout());
        assertThat(DokkuOutput.defaultLimit(empty, "memory")).isEmpty();
        ParsedReport demo = ParsedReport.json("resource", demo("demo-resource-report-demo-format-json.txt"));
        assertThat(DokkuOutput.defaultLimit(demo, "memory")).contains("512m");
        assertThat(demo.get("_default_.reserve.memory")).contains("256m");
        ParsedReport derived = ParsedReport.json("resource", docs("resource-report-json.derived.txt"));
        assertThat(derived.get("web.limit.memory")).contains("1g");
        ParsedReport legacyOnly = ParsedReport.json("resource", "{\"resource-_default_.limit.memory\":\"2g\"}");
        assertThat(DokkuOutput.defaultLimit(legacyOnly, "memory")).contains("2g");
        ParsedReport text = ParsedReport.text("resource", demo("demo-resource-report-demo.txt"));
        assertThat(DokkuOutput.defaultLimit(text, "cpu")).contains("1");
        ParsedReport oldText = ParsedReport.text("resource", docs("resource-report.txt"));
        assertThat(oldText.get("web.limit.memory")).contains("1024");
        assertThat(ParsedReport.text("resource", docs("resource-report.derived.txt")).all()).isNotEmpty();
    }

    @Test
    void domainsReports() {
        ParsedReport real = ParsedReport.json("domains", recording("domains-report-json.txt").stdout());
        assertThat(real.get("app-vhosts")).contains("api.cap.mindroom.chat");
        assertThat(real.get("app-enabled")).contains("true");
        ParsedReport demo = ParsedReport.json("domains", demo("demo-domains-report-demo-format-json.txt"));
        assertThat(demo.get("app-vhosts")).contains("demo.example.com www.demo.example.com");
        ParsedReport text = ParsedReport.text("domains", demo("demo-domains-report-demo.txt"));
        assertThat(text.get("app-vhosts")).contains("demo.example.com www.demo.example.com");
        assertThat(ParsedReport.text("domains", docs("domains-report.txt")).get("app-enabled")).isPresent();
        assertThat(ParsedReport.json("domains", docs("domains-report-json.derived.txt")).get("app-vhosts")).isPresent();
    }

    @Test
    void psGitAndStorageReports() {
        ParsedReport ps = ParsedReport.json("ps", recording("ps-report-json.txt").stdout());
        assertThat(ps.get("deployed")).contains("false");
        assertThat(ps.get("restore")).contains("true");
        assertThat(ps.get("computed-restart-policy")).contains("on-failure:10");
        assertThat(ParsedReport.text("ps", demo("demo-ps-report-demo.txt")).get("running")).contains("false");
        assertThat(ParsedReport.json("ps", docs("ps-report-json.derived.txt")).get("running")).isPresent();
        assertThat(ParsedReport.text("ps", docs("ps-report.txt")).get("deployed")).isPresent();

        ParsedReport git = ParsedReport.json("git", recording("git-report-json.txt").stdout());
        assertThat(git.get("source-image")).contains("");
        assertThat(git.get("computed-deploy-branch")).contains("master");
        assertThat(ParsedReport.json("git", docs("git-report-json.derived.txt")).get("source-image")).isPresent();
        assertThat(ParsedReport.text("git", docs("git-report.txt")).all()).isNotEmpty();

        ParsedReport storage = ParsedReport.json("storage", recording("storage-report-json.txt").stdout());
        assertThat(storage.get("deploy-mounts")).contains("-v /var/lib/dokku/data/storage/mr-cap:/app/data");
        assertThat(storage.get("attachment.1.entry-name")).contains("legacy-050f7276ba");
        assertThat(ParsedReport.text("storage", demo("demo-storage-report-demo.txt")).get("run-mounts"))
                .contains("-v /var/lib/dokku/data/storage/demo-data:/app/storage");
        assertThat(ParsedReport.json("storage", docs("storage-report-json.derived.txt")).get("run-mounts")).isPresent();
    }

    @Test
    void storageLists() {
        assertThat(DokkuOutput.storageList(recording("storage-list-json.txt").stdout()))
                .containsExactly(new DokkuOutput.StorageMount("/var/lib/dokku/data/storage/mr-cap", "/app/data"));
        assertThat(DokkuOutput.storageList(docs("storage-list-json.derived.txt"))).hasSize(2);
        assertThat(DokkuOutput.storageList(docs("storage-list.txt"))).isNotEmpty();
        assertThat(DokkuOutput.storageList(docs("storage-list-quiet.txt")))
                .containsExactly(new DokkuOutput.StorageMount("/tmp/mount", "/mount"));
        assertThat(DokkuOutput.storageList("[]\n")).isEmpty();
    }

    @Test
    void configExport() {
        assertThat(DokkuOutput.configJson(recording("config-export-json.txt").stdout()))
                .containsEntry("A", "hello world").containsEntry("ZERO", "7").containsEntry("NO_VHOST", "1").hasSize(4);
        assertThat(DokkuOutput.configJson(docs("config-export-json.txt"))).isNotEmpty();
        assertThat(DokkuOutput.configJson("{}\n")).isEmpty();
    }

    @Test
    void servicesListsInfoAndLinks() {
        assertThat(DokkuOutput.serviceList(recording("postgres-list.txt").stdout())).containsExactly("db1", "mr-cap-db");
        assertThat(DokkuOutput.serviceList(demo("demo-redis-list.txt"))).containsExactly("cache1");
        assertThat(DokkuOutput.serviceList(docs("postgres-list.derived.txt"))).containsExactly("acme_db", "billing-db");
        assertThat(DokkuOutput.serviceList(docs("postgres-list-quiet.txt"))).isNotEmpty();
        assertThat(DokkuOutput.lines(recording("postgres-links.txt").stdout())).containsExactly("mr-cap-backend");
        assertThat(DokkuOutput.lines(recording("postgres-app-links-after.txt").stdout())).isEmpty();
        assertThat(DokkuOutput.lines(recording("postgres-app-links.txt").stdout())).containsExactly("mr-cap-db");
        assertThat(DokkuOutput.lines(recording("redis-app-links.txt").stdout())).containsExactly("mr-cap-redis");
        assertThat(DokkuOutput.lines(docs("postgres-links.derived.txt"))).isNotEmpty();
        assertThat(DokkuOutput.lines(docs("postgres-app-links.derived.txt"))).isNotEmpty();

        var info = DokkuOutput.serviceInfo(recording("redis-info.txt").stdout());
        assertThat(info.get("Dsn")).startsWith("redis://:");
        assertThat(DokkuOutput.infoLinks(info.get("Links"))).containsExactly("mr-cap-backend");
        assertThat(info.get("Version")).isEqualTo("redis:8.8.0");
        var created = DokkuOutput.serviceInfo(recording("postgres-create.txt").stdout());
        assertThat(DokkuOutput.infoLinks(created.get("Links"))).isEmpty();
        assertThat(DokkuOutput.serviceInfo(demo("demo-postgres-info-db1.txt")).get("Status")).isEqualTo("running");
        assertThat(DokkuOutput.serviceInfo(docs("postgres-info.derived.txt")).get("Links")).isEqualTo("acme-web");
        assertThat(DokkuOutput.serviceInfo(docs("redis-info.derived.txt"))).containsKey("Dsn");
    }

    @Test
    void versionAndPlugins() {
        assertThat(DokkuOutput.version(recording("version.txt").stdout())).isEqualTo(new DokkuVersion(0, 38, 27));
        assertThat(DokkuOutput.version(docs("version.derived.txt"))).isEqualTo(new DokkuVersion(0, 38, 27));
        assertThat(DokkuOutput.version("dokku version 0.35.4\n").supported()).isTrue();
        assertThat(DokkuOutput.version("dokku version 0.33.9\n").supported()).isFalse();
        assertThatThrownBy(() -> DokkuOutput.version("nonsense")).hasMessageContaining("no version");

        var plugins = DokkuOutput.plugins(recording("plugin-list.txt").stdout());
        assertThat(plugins).containsEntry("postgres", "1.48.0").containsEntry("redis", "1.43.0")
                .containsEntry("scheduler-docker-local", "0.38.27").doesNotContainKey("letsencrypt");
        assertThat(DokkuOutput.plugins(docs("plugin-list.txt"))).containsKey("nginx-vhosts").doesNotContainKey("plugn:");
        assertThat(DokkuOutput.plugins("[{\"name\":\"letsencrypt\",\"version\":\"0.25.1\",\"enabled\":true},"
                + "{\"name\":\"old\",\"version\":\"1\",\"enabled\":false}]")).containsOnlyKeys("letsencrypt");
    }

    @Test
    void letsencrypt() {
        List<DokkuOutput.CertificateRow> rows = DokkuOutput.letsencryptList(docs("letsencrypt-list.derived.txt"));
        assertThat(rows).extracting(DokkuOutput.CertificateRow::app).containsExactly("acme-web", "billing");
        assertThat(rows.get(0).expiry()).isEqualTo("2026-01-29 05:07:03");
        assertThat(rows.get(0).timeBeforeExpiry()).isEqualTo("28d, 5h, 7m, 3s");
        assertThat(rows.get(0).timeBeforeRenewal()).isEqualTo("1d, 18h, 52m, 57s ago");
        assertThat(DokkuOutput.letsencryptActive("true\n")).isTrue();
        assertThat(DokkuOutput.letsencryptActive("false\n")).isFalse();
    }
}
