package chat.mindroom.operator.api;

/** The media types the API speaks. */
final class MediaTypes {

    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String YAML_X = "application/x-yaml";
    static final String YAML_TEXT = "text/yaml";
    static final String PROBLEM = "application/problem+json";

    private MediaTypes() {
    }
}
