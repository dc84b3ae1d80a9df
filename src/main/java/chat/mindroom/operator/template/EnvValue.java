package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

/**
 * A rendered environment value: either literal text, or a reference to a generated secret that
 * only the executor resolves, so plans, events and logs can never contain the secret itself.
 */
public sealed interface EnvValue {

    /** What plans and previews show for this value. */
    String display();

    record Literal(String value) implements EnvValue {
        public Literal {
            requireNonNull(value, "value is null");
        }

        @Override
        public String display() {
            return value;
        }
    }

    record Secret(String name) implements EnvValue {
        public Secret {
            requireNonNull(name, "name is null");
        }

        @Override
        public String display() {
            return "<secret:" + name + ">";
        }
    }
}
