package chat.mindroom.operator.sandbox;

/** The report of each plugin for one simulated app, in Dokku 0.38.27's flags and values. */
final class Reports {

    private Reports() {
    }

    static Report of(String type, SandboxApp app) {
        return switch (type) {
            case "apps" -> new Report("app", "app", true, true)
                    .put("--app-created-at", String.valueOf(app.createdAt))
                    .put("--app-deploy-source", app.deploySource)
                    .put("--app-deploy-source-metadata", app.deploySourceMetadata)
                    .put("--app-dir", "/home/dokku/" + app.name)
                    .put("--app-global-disable-autocreation", "")
                    .put("--app-locked", "false");
            case "resource" -> {
                Report r = new Report("resource", "resource", true, false);
                app.resources.forEach((k, v) -> r.put("--resource-" + k, v));
                yield r;
            }
            case "domains" -> new Report("domains", "domains", false, true)
                    .put("--domains-app-enabled", String.valueOf(!"1".equals(app.env.get("NO_VHOST"))))
                    .put("--domains-app-vhosts", String.join(" ", app.vhosts))
                    .put("--domains-global-enabled", "false")
                    .put("--domains-global-vhosts", "");
            case "storage" -> storage(app);
            case "ps" -> ps(app);
            case "git" -> new Report("git", "git", false, true)
                    .put("--git-computed-archive-max-files", "10000")
                    .put("--git-computed-archive-max-size", "1073741824")
                    .put("--git-computed-deploy-branch", "master")
                    .put("--git-computed-keep-git-dir", "false")
                    .put("--git-deploy-branch", "")
                    .put("--git-global-archive-max-files", "")
                    .put("--git-global-archive-max-size", "")
                    .put("--git-global-deploy-branch", "")
                    .put("--git-global-keep-git-dir", "")
                    .put("--git-keep-git-dir", "")
                    .put("--git-last-updated-at", app.lastUpdatedAt)
                    .put("--git-rev-env-var", "GIT_REV")
                    .put("--git-sha", app.gitSha.isEmpty() ? "HEAD" : app.gitSha)
                    .put("--git-source-image", app.gitSourceImage);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Report storage(SandboxApp app) {
        Report r = new Report("storage", "storage", true, true);
        StringBuilder mounts = new StringBuilder();
        for (int i = 0; i < app.attachments.size(); i++) {
            SandboxApp.Attachment a = app.attachments.get(i);
            String p = "--storage-attachment." + (i + 1) + ".";
            r.put(p + "container-path", a.containerPath()).put(p + "entry-name", a.entryName())
                    .put(p + "host-path", a.hostPath()).put(p + "phases", "deploy,run")
                    .put(p + "process-type", "_default_").put(p + "readonly", "false").put(p + "subpath", "")
                    .put(p + "volume-chown", "").put(p + "volume-options", "");
            mounts.append(i == 0 ? "" : " ").append("-v ").append(a.hostPath()).append(':').append(a.containerPath());
        }
        return r.put("--storage-build-mounts", "").put("--storage-deploy-mounts", mounts.toString())
                .put("--storage-run-mounts", mounts.toString());
    }

    private static Report ps(SandboxApp app) {
        Report r = new Report("ps", "ps", true, true)
                .put("--deployed", String.valueOf(app.deployed))
                .put("--processes", app.deployed ? "1" : "0")
                .put("--ps-can-scale", "true")
                .put("--ps-computed-dockerfile-start-cmd", "")
                .put("--ps-computed-procfile-path", "Procfile")
                .put("--ps-computed-restart-policy", "on-failure:10")
                .put("--ps-computed-skip-deploy", "false")
                .put("--ps-computed-start-cmd", "")
                .put("--ps-computed-stop-timeout-seconds", "30")
                .put("--ps-dockerfile-start-cmd", "")
                .put("--ps-global-procfile-path", "")
                .put("--ps-global-restart-policy", "")
                .put("--ps-global-skip-deploy", "")
                .put("--ps-global-stop-timeout-seconds", "")
                .put("--ps-procfile-path", "")
                .put("--ps-restart-policy", "")
                .put("--ps-skip-deploy", "")
                .put("--ps-start-cmd", "")
                .put("--ps-stop-timeout-seconds", "")
                .put("--restore", String.valueOf(app.restore))
                .put("--running", String.valueOf(app.running));
        if (app.deployed) {
            r.put("--status-web.1", (app.running ? "running" : "exited") + " (CID: "
                    + app.containerId.substring(0, 11) + ")");
        }
        return r;
    }
}
