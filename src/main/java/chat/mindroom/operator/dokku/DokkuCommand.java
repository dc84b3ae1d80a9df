package chat.mindroom.operator.dokku;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.ErrorCode;
import chat.mindroom.operator.OperatorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Dokku command as an argument list, validated and encoded for the way Dokku re-parses the
 * exec string it receives over SSH (dokku-facts section 4):
 * <ul>
 *   <li>arguments from the safe charset {@code [A-Za-z0-9_.,:/@%+=-]} are sent bare;</li>
 *   <li>other arguments are single-quoted ({@code '} as {@code '"'"'}) for commands Dokku
 *       re-parses with xargs, and refused for git commands, which it only splits on whitespace;</li>
 *   <li>newline, CR and NUL are refused (xargs cannot carry them), as are words that
 *       {@code /bin/echo} would eat ({@code -n}, {@code -e}, ...), {@code --help}/{@code --version},
 *       values starting with {@code -}, and values hiding a {@code --flag} word, which Dokku's
 *       first argument pass would act on;</li>
 *   <li>the whole command stays under {@link #MAX_LENGTH} (Linux's single-string limit).</li>
 * </ul>
 * Values marked secret are shown as {@code <redacted>} by {@link #redacted()}, which is the only
 * form that may reach logs, events and errors.
 */
public final class DokkuCommand {

    public static final int MAX_LENGTH = 120 * 1024;

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9-]*)?$");
    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9_.,:/@%+=-]+$");
    private static final Pattern ECHO_OPTION = Pattern.compile("^-[neE]+$");
    private static final Pattern FLAG = Pattern.compile("^--[a-z][a-z0-9-]*$");
    private static final Pattern SHORT_OPTION = Pattern.compile("^-[a-df-mo-z]$");
    private static final Set<String> FORBIDDEN = Set.of("--help", "--version");

    private final String name;
    private final List<String> args;
    private final List<Boolean> secret;
    private final Duration timeoutClass;

    /** How long a command may take: reads and small writes, or deploys and service creation. */
    public enum Duration {
        SHORT,
        LONG
    }

    private DokkuCommand(String name, List<String> args, List<Boolean> secret, Duration timeoutClass) {
        this.name = name;
        this.args = List.copyOf(args);
        this.secret = List.copyOf(secret);
        this.timeoutClass = timeoutClass;
    }

    /** Starts a command; {@code name} is the Dokku subcommand, e.g. {@code apps:report}. */
    public static Builder of(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public List<String> args() {
        return args;
    }

    public Duration timeoutClass() {
        return timeoutClass;
    }

    /** The command and its arguments as argv, for a transport that runs {@code dokku} directly. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(name);
        argv.addAll(args);
        return Collections.unmodifiableList(argv);
    }

    /** The exec string for SSH, where Dokku re-parses it. */
    public String encoded() {
        StringBuilder out = new StringBuilder(name);
        boolean git = name.contains("git");
        for (String arg : args) {
            out.append(' ');
            if (SAFE.matcher(arg).matches()) {
                out.append(arg);
            } else if (git) {
                throw unsafe("git commands take only [A-Za-z0-9_.,:/@%+=-] arguments");
            } else {
                out.append('\'').append(arg.replace("'", "'\"'\"'")).append('\'');
            }
        }
        return out.toString();
    }

    /** The command with secret values replaced, for logs, events and error messages. */
    public String redacted() {
        StringBuilder out = new StringBuilder(name);
        for (int i = 0; i < args.size(); i++) {
            out.append(' ');
            String arg = args.get(i);
            if (secret.get(i)) {
                int eq = arg.indexOf('=');
                out.append(eq > 0 ? arg.substring(0, eq + 1) + "<redacted>" : "<redacted>");
            } else {
                out.append(arg);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static OperatorException unsafe(String message) {
        return new OperatorException(ErrorCode.UNSAFE_ARGUMENT, message);
    }

    /** Builds a command, validating every argument as it is added. */
    public static final class Builder {
        private final String name;
        private final List<String> args = new ArrayList<>();
        private final List<Boolean> secret = new ArrayList<>();
        private Duration timeoutClass = Duration.SHORT;

        private Builder(String name) {
            requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw unsafe("'" + name + "' is not a Dokku command name");
            }
            this.name = name;
        }

        /** A flag of the command itself, e.g. {@code --no-restart} or {@code --format}. */
        public Builder flag(String flag) {
            if (!FLAG.matcher(flag).matches() || FORBIDDEN.contains(flag)) {
                throw unsafe("'" + flag + "' is not an allowed flag");
            }
            args.add(flag);
            secret.add(false);
            return this;
        }

        /**
         * A one-letter option of a program that {@code dokku run} starts in the app's container, e.g.
         * {@code sh -c}: Dokku passes it through untouched (only {@code --} words are global flags);
         * {@code -e} and {@code -n} stay refused, as {@code /bin/echo} would eat them.
         */
        public Builder option(String option) {
            if (!SHORT_OPTION.matcher(option).matches()) {
                throw unsafe("'" + option + "' is not an allowed one-letter option");
            }
            args.add(option);
            secret.add(false);
            return this;
        }

        /** A value: a name, a path, a domain, a number. Never a flag. */
        public Builder arg(String value) {
            check(value, false);
            args.add(value);
            secret.add(false);
            return this;
        }

        /** A value that must never appear in logs, events or errors. */
        public Builder secretArg(String value) {
            check(value, true);
            args.add(value);
            secret.add(true);
            return this;
        }

        public Builder args(Iterable<String> values) {
            values.forEach(this::arg);
            return this;
        }

        /** Marks a command that may run for minutes (deploys, rebuilds, service creation). */
        public Builder slow() {
            this.timeoutClass = Duration.LONG;
            return this;
        }

        public DokkuCommand build() {
            DokkuCommand command = new DokkuCommand(name, args, secret, timeoutClass);
            int length = command.encoded().length();
            if (length > MAX_LENGTH) {
                throw unsafe(command.name + ": the command would be " + length + " bytes; at most " + MAX_LENGTH
                        + " fit in one Dokku command over SSH");
            }
            return command;
        }

        private void check(String value, boolean isSecret) {
            requireNonNull(value, "value is null");
            String shown = isSecret ? "a secret value" : "'" + printable(value) + "'";
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw unsafe(shown + " contains a newline, carriage return or NUL, which Dokku cannot receive");
            }
            if (ECHO_OPTION.matcher(value).matches() || FORBIDDEN.contains(value)) {
                throw unsafe(shown + " would be swallowed by Dokku's argument parsing");
            }
            if (value.startsWith("-")) {
                throw unsafe(shown + " starts with '-' and would be read as a flag");
            }
            for (String word : value.split("[ \\t]+")) {
                if (word.startsWith("--")) {
                    throw unsafe(shown + " contains the flag word '" + word + "', which Dokku would act on");
                }
            }
        }

        private static String printable(String value) {
            String shortened = value.length() > 60 ? value.substring(0, 60) + "..." : value;
            return shortened.replaceAll("\\p{Cntrl}", "?");
        }
    }
}
