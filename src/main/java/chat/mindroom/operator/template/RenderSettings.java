package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

/**
 * The operator-wide inputs of rendering.
 *
 * @param baseDomain the domain under which every instance gets its generated names
 * @param release    the image tag of unpinned instances
 */
public record RenderSettings(String baseDomain, String release) {

    public RenderSettings {
        requireNonNull(baseDomain, "baseDomain is null");
        requireNonNull(release, "release is null");
    }
}
