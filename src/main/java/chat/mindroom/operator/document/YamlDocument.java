package chat.mindroom.operator.document;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML with SnakeYAML's safe constructor only (plain maps, lists and scalars: no tags that
 * build Java objects), refusing duplicate keys, alias bombs, deep nesting, numbers longer than
 * JSON's limit and multi-document streams; writes plain trees as block-style YAML.
 */
public final class YamlDocument {

    private static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private YamlDocument() {
    }

    private static Yaml loader() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        return new Yaml(new BoundedConstructor(options));
    }

    /** Parses exactly one YAML document; an empty stream gives {@code null}. */
    public static Object parse(String yaml) {
        List<Object> documents = parseAll(yaml);
        if (documents.size() > 1) {
            throw new DocumentException("expected one YAML document, found several");
        }
        return documents.isEmpty() ? null : documents.get(0);
    }

    /** Parses a stream of YAML documents separated by {@code ---}, within the same limits as {@link #parse}. */
    public static List<Object> parseAll(String yaml) {
        try {
            List<Object> documents = new ArrayList<>();
            loader().loadAll(yaml).forEach(documents::add);
            return documents;
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? ""
                    : " at line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1);
            throw new DocumentException("malformed YAML" + where + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new DocumentException("malformed YAML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // SnakeYAML's scanner lets some bad escapes through unwrapped ("\UFFFFFFFF").
            throw new DocumentException("malformed YAML: " + e.getMessage(), e);
        }
    }

    /** Parses UTF-8 YAML; bytes that are not UTF-8 are a {@link DocumentException}, not replaced. */
    public static Object parse(byte[] yaml) {
        return parse(StrictUtf8.decode(yaml));
    }

    public static String write(Object tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(new Representer(options), options).dump(tree);
    }
}
