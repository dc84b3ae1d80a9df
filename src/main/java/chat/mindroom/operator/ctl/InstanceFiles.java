package chat.mindroom.operator.ctl;

import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads instance documents for apply and diff: one or many YAML (or JSON) documents, each
 * {@code {name: ..., spec: {...}}} as the API returns instances (other fields such as status are
 * ignored), or a listing {@code {items: [...]}} as {@code get instances -o yaml} prints it.
 */
final class InstanceFiles {

    /** One desired instance. */
    record Desired(String name, Map<String, Object> spec) {
    }

    private InstanceFiles() {
    }

    static List<Desired> read(String file, InputStream stdin) {
        String text;
        try {
            text = file.equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        List<Object> documents;
        try {
            documents = YamlDocument.parseAll(text);
        } catch (DocumentException e) {
            throw new CommandFailure(ExitCode.USAGE, file + ": " + e.getMessage());
        }
        List<Desired> desired = new ArrayList<>();
        int index = 0;
        for (Object document : documents) {
            index++;
            if (document == null) {
                continue;
            }
            Map<String, Object> tree = Trees.map(document);
            if (tree.get("items") instanceof List<?> items) {
                for (Object item : items) {
                    desired.add(desired(Trees.map(item), file, index));
                }
            } else {
                desired.add(desired(tree, file, index));
            }
        }
        if (desired.isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, file + ": no instance documents");
        }
        return desired;
    }

    private static Desired desired(Map<String, Object> tree, String file, int index) {
        Object name = tree.get("name");
        if (!(name instanceof String) || ((String) name).isBlank()) {
            throw new CommandFailure(ExitCode.USAGE, file + ", document " + index + ": name: must be the instance's name");
        }
        if (!(tree.get("spec") instanceof Map<?, ?>)) {
            throw new CommandFailure(ExitCode.USAGE, file + ", document " + index + " (" + name
                    + "): spec: must be a mapping");
        }
        return new Desired((String) name, Trees.map(tree.get("spec")));
    }
}
