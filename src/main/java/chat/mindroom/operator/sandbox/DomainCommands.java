package chat.mindroom.operator.sandbox;

import static chat.mindroom.operator.sandbox.Answer.bang;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The domains plugin's writes: {@code domains:set} (replaces an app's domains) and {@code domains:add}. */
final class DomainCommands {

    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9.*-]*[a-z0-9*-]$");

    private final AppLookup apps;

    DomainCommands(AppLookup apps) {
        this.apps = apps;
    }

    Answer domains(List<String> args, boolean replace) {
        return apps.withApp(args, app -> {
            List<String> domains = args.subList(1, args.size());
            for (String d : domains) {
                if (!DOMAIN.matcher(d.toLowerCase(Locale.ROOT)).matches()) {
                    return Answer.fail(1, bang(d + " is invalid. exiting..."));
                }
            }
            StringBuilder out = new StringBuilder();
            String configure = "-----> Configuring " + String.join(" ", domains) + "...(using built-in template)\n"
                    + "-----> Creating http nginx.conf\n       Reloading nginx\n";
            String listeners = bang("No web listeners specified for " + app.name);
            app.env.put("NO_VHOST", "0");
            if (replace) {
                app.vhosts.clear();
                app.vhosts.addAll(domains);
                out.append("-----> Set ").append(String.join(" ", domains)).append(" for ").append(app.name).append('\n');
                return Answer.ok(out + configure + configure, listeners + listeners);
            }
            for (String d : domains) {
                if (!app.vhosts.add(d)) {
                    out.append("-----> Skipping: ").append(d).append(" already added to ").append(app.name).append('\n');
                } else {
                    out.append("-----> Added ").append(d).append(" to ").append(app.name).append('\n');
                }
            }
            return Answer.ok(out + configure, listeners);
        });
    }
}
