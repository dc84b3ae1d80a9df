package chat.mindroom.operator.document;

import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * SnakeYAML's safe constructor with numbers bounded like JSON's: an int or float scalar longer than
 * {@link JsonDocument#MAX_NUMBER_LENGTH} characters is an error at its line, never a BigInteger
 * built from sixty thousand digits, and a number the constructor cannot convert is an error too.
 * Keys must be scalars.
 */
final class BoundedConstructor extends SafeConstructor {

    BoundedConstructor(LoaderOptions options) {
        super(options);
        yamlConstructors.put(Tag.INT, new BoundedNumber(yamlConstructors.get(Tag.INT)));
        yamlConstructors.put(Tag.FLOAT, new BoundedNumber(yamlConstructors.get(Tag.FLOAT)));
    }

    @Override
    protected void constructMapping2ndStep(MappingNode node, Map<Object, Object> mapping) {
        flattenMapping(node); // merge keys first: a merged-in mapping brings its own keys
        requireScalarKeys(node);
        super.constructMapping2ndStep(node, mapping);
    }

    @Override
    protected void constructSet2ndStep(MappingNode node, Set<Object> set) {
        requireScalarKeys(node);
        super.constructSet2ndStep(node, set);
    }

    /**
     * A list or object as a key is hashed whole, aliases expanded: twenty aliases can make a 50 KB
     * document hash tens of millions of elements. No document this operator reads needs such keys.
     */
    private static void requireScalarKeys(MappingNode node) {
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode)) {
                throw failure(tuple.getKeyNode(), "a list or object as a key", null);
            }
        }
    }

    private static DocumentException failure(Node node, String problem, RuntimeException cause) {
        Mark mark = node.getStartMark();
        String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        return new DocumentException("malformed YAML" + where + ": " + problem, cause);
    }

    private static final class BoundedNumber extends AbstractConstruct {

        private final Construct numbers;

        BoundedNumber(Construct numbers) {
            this.numbers = numbers;
        }

        @Override
        public Object construct(Node node) {
            if (node instanceof ScalarNode scalar && scalar.getValue().length() > JsonDocument.MAX_NUMBER_LENGTH) {
                throw failure(node, "a number longer than " + JsonDocument.MAX_NUMBER_LENGTH + " characters", null);
            }
            try {
                return numbers.construct(node);
            } catch (NumberFormatException | ArithmeticException e) {
                throw failure(node, "a number that cannot be read", e);
            }
        }
    }
}
