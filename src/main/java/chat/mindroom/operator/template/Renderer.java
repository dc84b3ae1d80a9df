package chat.mindroom.operator.template;

import static java.util.Objects.requireNonNull;

import chat.mindroom.operator.spec.InstanceName;
import chat.mindroom.operator.spec.InstanceSpec;
import chat.mindroom.operator.spec.MatrixSpec;
import chat.mindroom.operator.spec.MessageQuota;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns (instance name, spec, templates, operator settings) into the {@link DesiredState}: a pure
 * function, with no I/O, clock or randomness, so the same input gives byte-identical output.
 * Every name, image, domain and path it produces is checked against what Dokku accepts.
 */
public final class Renderer {

    public static final String MANAGED_BY_KEY = "MINDROOM_MANAGED_BY";
    public static final String MANAGED_BY_VALUE = "mindroom-operator";
    public static final String INSTANCE_KEY = "MINDROOM_INSTANCE";
    /**
     * Raise it with any change to this class that changes what instances get from the same templates
     * and specs: it is part of {@link #revision()}, so the change is rolled out, not applied at once.
     */
    static final int FORMAT = 1;

    private static final Pattern APP_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,49}$");
    private static final Pattern STORAGE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,254}$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9_./-]{0,254}$");
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");

    private final Templates templates;
    private final RenderSettings settings;

    public Renderer(Templates templates, RenderSettings settings) {
        this.templates = requireNonNull(templates, "templates is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * The operator's revision: {@code <release>+<digest>}, the digest over the templates' text, the
     * base domain and {@link #FORMAT}. Everything an instance gets from the operator beyond its own
     * spec is a function of it; a new revision is rolled out to running instances a few at a time.
     */
    public String revision() {
        return settings.release() + "+" + Templates.digest(List.of(templates.source(), settings.baseDomain(),
                String.valueOf(FORMAT))).substring(0, 12);
    }

    public DesiredState render(InstanceName instance, InstanceSpec spec) {
        Tier tier = templates.tiers().find(spec.tier()).orElseThrow(() -> new RenderException(
                "instance " + instance + ": tier '" + spec.tier() + "' is not in the tier catalog"));
        Map<String, String> values = placeholderValues(instance, spec, tier);

        Map<String, String> appNamesByRole = new HashMap<>();
        SortedMap<String, DesiredApp> apps = new TreeMap<>();
        for (AppTemplate app : templates.topology().apps().values()) {
            if (app.onlyWithMatrix() && !spec.matrix().enabled()) {
                continue;
            }
            DesiredApp rendered = renderApp(instance, app, spec, tier, values);
            if (apps.put(rendered.name(), rendered) != null) {
                throw new RenderException("template app '" + app.key() + "' renders to the duplicate app name "
                        + rendered.name());
            }
            appNamesByRole.put(app.key(), rendered.name());
        }

        SortedMap<String, DesiredService> services = new TreeMap<>();
        for (ServiceTemplate service : templates.topology().services()) {
            String name = check(expand(service.name(), values), SERVICE_NAME, "service name", service.name());
            SortedSet<String> links = new TreeSet<>();
            service.links().stream().map(appNamesByRole::get).filter(java.util.Objects::nonNull).forEach(links::add);
            services.put(name, new DesiredService(service.kind(), name, links));
        }

        SortedSet<String> storage = new TreeSet<>();
        for (String dir : templates.topology().storage()) {
            storage.add(check(expand(dir, values), STORAGE_NAME, "storage directory", dir));
        }
        return new DesiredState(instance, apps, services, storage);
    }

    private DesiredApp renderApp(InstanceName instance, AppTemplate app, InstanceSpec spec, Tier tier,
                                 Map<String, String> values) {
        String name = check(expand(app.name(), values), APP_NAME, "app name", app.name());
        String image = check(expand(app.image(), values), IMAGE, "image", app.image());

        SortedSet<String> domains = new TreeSet<>();
        for (String domain : app.domains()) {
            if (domain.equals(TemplateLoader.CUSTOM_DOMAINS)) {
                domains.addAll(spec.domains());
            } else {
                domains.add(check(expand(domain, values).toLowerCase(java.util.Locale.ROOT), DOMAIN, "domain",
                        domain));
            }
        }

        SortedSet<Mount> mounts = new TreeSet<>();
        for (String mount : app.mounts()) {
            String[] parts = expand(mount, values).split(":", -1);
            mounts.add(new Mount(check(parts[0], PATH, "mount host path", mount),
                    check(parts[1], PATH, "mount container path", mount)));
        }

        SortedMap<String, EnvValue> env = new TreeMap<>();
        for (Map.Entry<String, String> var : app.env().entrySet()) {
            String raw = var.getValue();
            Matcher secret = Pattern.compile("^\\$\\{secret\\.([A-Za-z][A-Za-z0-9]*)}$").matcher(raw);
            if (secret.matches()) {
                env.put(var.getKey(), new EnvValue.Secret(secret.group(1)));
                continue;
            }
            String value = expand(raw, values);
            if (!value.isEmpty()) {
                env.put(var.getKey(), new EnvValue.Literal(value));
            }
        }
        env.put(MANAGED_BY_KEY, new EnvValue.Literal(MANAGED_BY_VALUE));
        env.put(INSTANCE_KEY, new EnvValue.Literal(instance.value()));

        return new DesiredApp(name, app.key(), image, env, limits(app.limits(), spec, tier), domains, mounts);
    }

    private static ResourceLimits limits(LimitsTemplate template, InstanceSpec spec, Tier tier) {
        if (template instanceof LimitsTemplate.FromTier) {
            int memory = spec.limits().memoryMb().orElse(tier.memoryMb());
            BigDecimal cpu = spec.limits().cpu().orElse(tier.cpu());
            return new ResourceLimits(memory, cpu);
        }
        if (template instanceof LimitsTemplate.Fixed fixed) {
            return new ResourceLimits(fixed.memoryMb(), fixed.cpu());
        }
        if (template instanceof LimitsTemplate.ByMatrixServer byServer) {
            LimitsTemplate.Fixed fixed = byServer.limits().get(spec.matrix().server());
            return new ResourceLimits(fixed.memoryMb(), fixed.cpu());
        }
        throw new IllegalStateException("unhandled limits template " + template);
    }

    private Map<String, String> placeholderValues(InstanceName instance, InstanceSpec spec, Tier tier) {
        Map<String, String> values = new HashMap<>();
        values.put("instance", instance.value());
        values.put("account", spec.account().orElse(""));
        values.put("tier", tier.name());
        values.put("baseDomain", settings.baseDomain());
        values.put("release", spec.release().orElse(settings.release()));
        values.put("tier.messagesPerDay", tier.messagesPerDay().map(String::valueOf).orElse("unlimited"));
        values.put("tier.agents", String.join(",", tier.agents()));
        values.put("tier.models", String.join(",", tier.models()));
        MessageQuota messages = spec.limits().messagesPerDay().orElse(new MessageQuota(tier.messagesPerDay()));
        int agents = spec.limits().agents().orElse(tier.maxAgents());
        Optional<Integer> storageGb = spec.limits().storageGb().or(tier::storageGb);
        values.put("limits.messagesPerDay", messages.text());
        values.put("limits.agents", String.valueOf(agents));
        values.put("limits.storageGb", storageGb.map(String::valueOf).orElse(""));
        values.put("logLevel", spec.logLevel().key());
        values.put("mindroomConfig", MindroomConfigRenderer.render(tier, templates.agents(),
                new MindroomConfigRenderer.Limits(messages, agents, storageGb), spec.configOverrides()));
        MatrixSpec matrix = spec.matrix();
        values.put("matrix.enabled", String.valueOf(matrix.enabled()));
        values.put("matrix.server", matrix.server().key());
        values.put("matrix.image", templates.topology().matrixImages().get(matrix.server()));
        values.put("matrix.url", matrix.enabled() ? matrixUrl(values) : "");
        return values;
    }

    /** The public URL of the first Matrix-only app: its first domain. */
    private String matrixUrl(Map<String, String> values) {
        Optional<String> domain = templates.topology().apps().values().stream()
                .filter(AppTemplate::onlyWithMatrix)
                .flatMap(app -> app.domains().stream())
                .filter(d -> !d.equals(TemplateLoader.CUSTOM_DOMAINS))
                .findFirst();
        return domain.map(d -> "https://" + expand(d, values).toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    private static String expand(String template, Map<String, String> values) {
        Matcher matcher = TemplateLoader.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new RenderException("placeholder ${" + matcher.group(1) + "} has no value in '" + template + "'");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String check(String value, Pattern pattern, String what, String template) {
        if (!pattern.matcher(value).matches()) {
            throw new RenderException("the " + what + " '" + value + "' rendered from '" + template
                    + "' is not valid for Dokku");
        }
        return value;
    }
}
