package chat.mindroom.operator.sandbox;

import java.util.TreeSet;

/** A simulated postgres or redis service. Mutable; guarded by the {@link SandboxState} lock. */
final class SandboxService {

    final String kind;
    final String name;
    final String password;
    final String id;
    final String internalIp;
    final TreeSet<String> links = new TreeSet<>();

    SandboxService(String kind, String name, String password, String id, String internalIp) {
        this.kind = kind;
        this.name = name;
        this.password = password;
        this.id = id;
        this.internalIp = internalIp;
    }

    String dsn() {
        String host = "dokku-" + kind + "-" + name.replace('.', '-').replace('_', '-');
        if (kind.equals("postgres")) {
            return "postgres://postgres:" + password + "@" + host + ":5432/" + name.replace('.', '_').replace('-', '_');
        }
        return "redis://:" + password + "@" + host + ":6379";
    }

    String urlKey() {
        return kind.equals("postgres") ? "DATABASE_URL" : "REDIS_URL";
    }

    String serviceRoot() {
        return "/var/lib/dokku/services/" + kind + "/" + name;
    }

    String configDir() {
        return serviceRoot() + (kind.equals("postgres") ? "/data" : "/config");
    }

    String version() {
        return kind.equals("postgres") ? "postgres:18.4" : "redis:8.8.0";
    }

    String title() {
        return kind.equals("postgres") ? "Postgres" : "Redis";
    }
}
