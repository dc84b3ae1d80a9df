package chat.mindroom.operator.sandbox;

import java.util.ArrayList;
import java.util.List;

/** {@code plugin:list} of a Dokku 0.38.27 host with postgres, redis and optionally letsencrypt. */
final class PluginList {

    private record Plugin(String name, String version, String description, boolean core) {
    }

    private PluginList() {
    }

    private static List<Plugin> plugins(boolean letsencrypt) {
        List<Plugin> plugins = new ArrayList<>();
        String[] core = {"00_dokku-standard:standard", "20_events:events logging", "app-json:app-json",
            "apps:apps", "builder:builder", "builder-dockerfile:builder-dockerfile",
            "builder-herokuish:builder-herokuish", "builder-lambda:builder-lambda",
            "builder-nixpacks:builder-nixpacks", "builder-null:builder-null", "builder-pack:builder-pack",
            "builder-railpack:builder-railpack", "buildpacks:buildpacks", "builds:builds",
            "caddy-vhosts:caddy-vhosts", "certs:certificate management", "checks:checks", "common:common",
            "config:config", "cron:cron", "docker-options:docker-options", "domains:domains", "enter:enter",
            "git:git", "haproxy-vhosts:haproxy-vhosts"};
        for (String c : core) {
            String[] p = c.split(":");
            plugins.add(new Plugin(p[0], p[0].equals("builds") ? "0.34.0" : "0.38.27", "dokku core " + p[1] + " plugin",
                    true));
        }
        if (letsencrypt) {
            plugins.add(new Plugin("letsencrypt", "0.25.1", "Automated installation of let's encrypt TLS certificates",
                    false));
        }
        String[] more = {"logs:logs", "network:network", "nginx-vhosts:nginx-vhosts", "openresty-vhosts:openresty-vhosts",
            "plugin:plugin", "ports:ports"};
        for (String c : more) {
            String[] p = c.split(":");
            plugins.add(new Plugin(p[0], "0.38.27", "dokku core " + p[1] + " plugin", true));
        }
        plugins.add(new Plugin("postgres", "1.48.0", "dokku postgres service plugin", false));
        plugins.add(new Plugin("proxy", "0.38.27", "dokku core proxy plugin", true));
        plugins.add(new Plugin("ps", "0.38.27", "dokku core ps plugin", true));
        plugins.add(new Plugin("redis", "1.43.0", "dokku redis service plugin", false));
        String[] rest = {"registry:registry", "repo:repo", "resource:resource", "run:run", "scheduler:scheduler",
            "scheduler-docker-local:scheduler-docker-local", "scheduler-null:scheduler-null", "shell:shell",
            "ssh-keys:ssh-keys", "storage:storage", "trace:trace", "traefik-vhosts:traefik-vhosts"};
        for (String c : rest) {
            String[] p = c.split(":");
            plugins.add(new Plugin(p[0], "0.38.27", "dokku core " + p[1] + " plugin", true));
        }
        return plugins;
    }

    static String render(boolean letsencrypt, boolean json) {
        StringBuilder out = new StringBuilder();
        if (json) {
            out.append('[');
            boolean first = true;
            for (Plugin p : plugins(letsencrypt)) {
                out.append(first ? "" : ",").append("{\"name\":").append(GoJson.quote(p.name()))
                        .append(",\"version\":").append(GoJson.quote(p.version()))
                        .append(",\"enabled\":true,\"core\":").append(p.core())
                        .append(",\"description\":").append(GoJson.quote(p.description())).append('}');
                first = false;
            }
            return out.append("]\n").toString();
        }
        for (Plugin p : plugins(letsencrypt)) {
            out.append(String.format("  %-20s %-5s %-10s %s\n", p.name(), p.version(), "enabled", p.description()));
        }
        return out.toString();
    }
}
