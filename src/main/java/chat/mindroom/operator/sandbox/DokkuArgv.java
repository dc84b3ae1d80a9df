package chat.mindroom.operator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How Dokku (0.34+) turns the SSH exec string into a command and arguments (dokku-facts section 4),
 * reproduced so that an encoding bug in the operator's client shows up against the sandbox:
 * <ol>
 *   <li>a crude first pass splits on whitespace; {@code --force}, {@code --quiet}, {@code --trace}
 *       and {@code --app X} anywhere take effect, and every {@code --word} becomes a global flag;</li>
 *   <li>commands whose name contains {@code git} get plain whitespace splitting, quotes kept;</li>
 *   <li>all others are re-parsed with GNU xargs quoting and each argument goes through
 *       {@code /bin/echo}, which eats {@code -n}-style words and answers {@code --help}.</li>
 * </ol>
 */
record DokkuArgv(String command, List<String> args, Set<String> globalFlags, Optional<String> appFlag,
                 String xargsError) {

    static DokkuArgv parse(String exec) {
        List<String> words = splitWhitespace(exec);
        Set<String> globalFlags = new TreeSet<>();
        Optional<String> appFlag = Optional.empty();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("--")) {
                globalFlags.add(word);
            }
            if (word.equals("--app") && i + 1 < words.size()) {
                appFlag = Optional.of(words.get(i + 1));
            }
        }
        int first = skipLeadingFlags(words);
        if (first >= words.size()) {
            return new DokkuArgv("", List.of(), globalFlags, appFlag, "");
        }
        String command = words.get(first);
        if (command.contains("git")) {
            return new DokkuArgv(command, List.copyOf(words.subList(first + 1, words.size())), globalFlags, appFlag, "");
        }
        StringBuilder error = new StringBuilder();
        List<String> parsed = echo(xargs(exec, error));
        int start = skipLeadingFlags(parsed);
        if (start >= parsed.size()) {
            return new DokkuArgv("", List.of(), globalFlags, appFlag, error.toString());
        }
        List<String> args = new ArrayList<>(parsed.subList(start + 1, parsed.size()));
        args.removeIf(a -> a.equals("--force") || a.equals("--quiet") || a.equals("--trace"));
        return new DokkuArgv(parsed.get(start), args, globalFlags, appFlag, error.toString());
    }

    private static int skipLeadingFlags(List<String> words) {
        int i = 0;
        while (i < words.size() && words.get(i).startsWith("--")) {
            i += words.get(i).equals("--app") ? 2 : 1;
        }
        return i;
    }

    static List<String> splitWhitespace(String exec) {
        List<String> words = new ArrayList<>();
        for (String w : exec.split("[ \\t\\n]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** GNU xargs' default quoting: '...' and "..." literal, backslash escapes, whitespace separates. */
    static List<String> xargs(String input, StringBuilder error) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\'' || c == '"') {
                int end = input.indexOf(c, i + 1);
                int newline = input.indexOf('\n', i + 1);
                if (end < 0 || (newline >= 0 && newline < end)) {
                    error.append("xargs: unmatched ").append(c == '\'' ? "single" : "double")
                            .append(" quote; by default quotes are special to xargs unless you use the -0 option\n");
                    return out;
                }
                current.append(input, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '\\' && i + 1 < input.length()) {
                current.append(input.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    out.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(current.toString());
        }
        return out;
    }

    /** What {@code xargs -n 1} (that is, /bin/echo once per argument) hands back, one line each. */
    static List<String> echo(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            if (arg.matches("^-[neE]+$")) {
                if (!arg.contains("n")) {
                    out.add("");
                }
            } else if (arg.equals("--help")) {
                out.add("Usage: /bin/echo [SHORT-OPTION]... [STRING]...");
                out.add("  or:  /bin/echo LONG-OPTION");
            } else if (arg.equals("--version")) {
                out.add("echo (GNU coreutils) 9.1");
            } else {
                out.add(arg);
            }
        }
        return out;
    }
}
