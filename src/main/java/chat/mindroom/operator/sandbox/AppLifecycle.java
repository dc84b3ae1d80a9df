package chat.mindroom.operator.sandbox;

/** Deploys, restarts, stops and starts of simulated apps: which ones recreate containers. */
final class AppLifecycle {

    private final SandboxState state;

    AppLifecycle(SandboxState state) {
        this.state = state;
    }

    /** New containers for a deployed app whose restore policy allows it; the text Dokku prints. */
    String restartIfDeployed(SandboxApp app) {
        if (!app.deployed || !app.restore) {
            return "";
        }
        recreate(app);
        return "-----> Restarting app " + app.name + "\n";
    }

    void recreate(SandboxApp app) {
        app.containerId = state.hex(32);
        app.running = true;
        app.listening = true;
        app.restore = true;
        app.restarts++;
    }

    void deploy(SandboxApp app, String image) {
        app.deploySource = "docker-image";
        app.deploySourceMetadata = image;
        app.gitSha = state.hex(20);
        app.lastUpdatedAt = String.valueOf(state.clock.instant().getEpochSecond());
        app.deployed = true;
        recreate(app);
    }

    void stop(SandboxApp app) {
        app.running = false;
        app.restore = false;
    }
}
