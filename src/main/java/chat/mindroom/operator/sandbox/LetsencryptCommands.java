package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;
import java.util.Set;

/**
 * The dokku-letsencrypt plugin's commands: {@code letsencrypt:active}, {@code letsencrypt:set},
 * {@code letsencrypt:enable} and {@code letsencrypt:disable}.
 */
final class LetsencryptCommands {

    private final SandboxState state;
    private final AppLookup apps;

    LetsencryptCommands(SandboxState state, AppLookup apps) {
        this.state = state;
        this.apps = apps;
    }

    Answer active(List<String> args) {
        return apps.withApp(args, app -> Answer.ok(app.letsencrypt + "\n"));
    }

    /** {@code letsencrypt:set APP email ADDRESS} or {@code letsencrypt:set --global email ADDRESS}. */
    Answer set(List<String> args, Set<String> flags) {
        boolean global = flags.contains("--global") || args.contains("--global");
        List<String> rest = args.stream().filter(a -> !a.equals("--global")).toList();
        if (global) {
            if (rest.size() < 1 || !rest.get(0).equals("email")) {
                return Answer.fail(1, bang("Invalid property specified, valid properties include: email"));
            }
            state.letsencryptGlobalEmail = rest.size() > 1 ? rest.get(1) : "";
            return Answer.ok("=====> Setting email to " + state.letsencryptGlobalEmail + "\n");
        }
        return apps.withApp(rest, app -> {
            if (rest.size() < 2 || !rest.get(1).equals("email")) {
                return Answer.fail(1, bang("Invalid property specified, valid properties include: email"));
            }
            app.letsencryptEmail = rest.size() > 2 ? rest.get(2) : "";
            return Answer.ok("=====> Setting email to " + app.letsencryptEmail + "\n");
        });
    }

    Answer enable(List<String> args) {
        return apps.withApp(args, app -> {
            if (app.vhosts.isEmpty()) {
                return Answer.fail(1, bang("No domains detected for " + app.name));
            }
            if (app.letsencryptEmail.isEmpty() && state.letsencryptGlobalEmail.isEmpty()) {
                return Answer.fail(1, "=====> Enabling letsencrypt for " + app.name + "\n",
                        bang("ERROR: Cannot request a certificate without an e-mail address!")
                                + bang("  please provide your e-mail address using")
                                + bang("  dokku letsencrypt:set " + app.name + " email <e-mail>"));
            }
            boolean renewed = !app.letsencrypt;
            app.letsencrypt = true;
            return Answer.ok(renewed ? "-----> Enabling letsencrypt for " + app.name + "\n"
                    : "-----> Certificate is still valid for " + app.name + ", skipping certificate request\n");
        });
    }

    Answer disable(List<String> args) {
        return apps.withApp(args, app -> {
            app.letsencrypt = false;
            return Answer.ok("-----> Disabling letsencrypt for " + app.name + "\n");
        });
    }
}
