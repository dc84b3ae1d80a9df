package chat.mindroom.operator.template;

import chat.mindroom.operator.spec.ServiceKind;
import chat.mindroom.operator.document.DocumentException;
import chat.mindroom.operator.document.YamlDocument;
import chat.mindroom.operator.spec.MatrixServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code tiers.yaml}, {@code instance.yaml} and {@code mindroom-config.yaml} with SnakeYAML's
 * safe constructor and checks them against each other. Any problem is a {@link TemplateException}
 * naming the file and the key, so a bad template fails startup instead of a reconcile pass.
 */
public final class TemplateLoader {

    public static final String TIERS = "tiers.yaml";
    public static final String INSTANCE = "instance.yaml";
    public static final String MINDROOM_CONFIG = "mindroom-config.yaml";

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ENV_KEY = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern SECRET = Pattern.compile("^secret\\.[A-Za-z][A-Za-z0-9]*$");
    static final Set<String> PLACEHOLDERS = Set.of(
            "instance", "account", "tier", "baseDomain", "release", "tier.messagesPerDay", "tier.agents",
            "tier.models", "mindroomConfig", "matrix.enabled", "matrix.server", "matrix.image", "matrix.url",
            "limits.agents", "limits.messagesPerDay", "limits.storageGb", "logLevel");
    static final String CUSTOM_DOMAINS = "${customDomains}";

    private interface Source {
        String read(String file);

        String display(String file);
    }

    private TemplateLoader() {
    }

    /** Loads the templates packaged with the operator (the repository's {@code templates/}). */
    public static Templates fromClasspath() {
        return load(new Source() {
            @Override
            public String read(String file) {
                try (InputStream in = TemplateLoader.class.getResourceAsStream("/templates/" + file)) {
                    if (in == null) {
                        throw new TemplateException(display(file) + ": not found on the classpath");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String display(String file) {
                return "templates/" + file;
            }
        });
    }

    /** Loads the three files from {@code directory} (OPERATOR_TEMPLATES_DIR). */
    public static Templates fromDirectory(Path directory) {
        return load(new Source() {
            @Override
            public String read(String file) {
                try {
                    return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new TemplateException(display(file) + ": file not found");
                } catch (IOException e) {
                    throw new TemplateException(display(file) + ": cannot be read: " + e.getMessage(), e);
                }
            }

            @Override
            public String display(String file) {
                return directory.resolve(file).toString();
            }
        });
    }

    private static TemplateNode parse(Source source, String file) {
        String display = source.display(file);
        try {
            Object tree = YamlDocument.parse(source.read(file));
            if (tree == null) {
                throw new TemplateException(display + ": the file is empty");
            }
            return new TemplateNode(display, "", tree);
        } catch (DocumentException e) {
            throw new TemplateException(display + ": " + e.getMessage(), e);
        }
    }

    private static Templates load(Source source) {
        AgentCatalog agents = readAgents(parse(source, MINDROOM_CONFIG));
        TierCatalog tiers = readTiers(parse(source, TIERS), agents);
        Topology topology = readTopology(parse(source, INSTANCE));
        return new Templates(tiers, topology, agents, Templates.digest(List.of(MINDROOM_CONFIG, TIERS, INSTANCE).stream()
                .map(source::read).toList()));
    }

    private static AgentCatalog readAgents(TemplateNode root) {
        root.allowOnly(Set.of("models", "tools", "agents", "defaults"));
        Map<String, Object> models = passThrough(root.required("models"));
        Map<String, Object> tools = passThrough(root.required("tools"));
        Map<String, AgentTemplate> agents = new LinkedHashMap<>();
        for (Map.Entry<String, TemplateNode> entry : root.required("agents").entries().entrySet()) {
            TemplateNode agent = entry.getValue();
            agent.allowOnly(Set.of("displayName", "role", "tools", "model"));
            List<String> agentTools = agent.required("tools").strings();
            for (int i = 0; i < agentTools.size(); i++) {
                if (!tools.containsKey(agentTools.get(i))) {
                    throw agent.get("tools").items().get(i).error("unknown tool '" + agentTools.get(i) + "'");
                }
            }
            Optional<String> model = agent.get("model").isNull() ? Optional.empty()
                    : Optional.of(agent.get("model").string());
            if (model.isPresent() && !models.containsKey(model.get())) {
                throw agent.get("model").error("unknown model '" + model.get() + "'");
            }
            agents.put(entry.getKey(), new AgentTemplate(entry.getKey(), agent.required("displayName").string(),
                    agent.required("role").string(), agentTools, model));
        }
        Map<String, Object> defaults = root.get("defaults").isNull() ? Map.of() : passThrough(root.get("defaults"));
        return new AgentCatalog(models, tools, agents, defaults);
    }

    private static Map<String, Object> passThrough(TemplateNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.entries().forEach((key, value) -> out.put(key, value.isMap() ? passThrough(value) : rawValue(value)));
        return out;
    }

    private static Object rawValue(TemplateNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isMap()) {
            return passThrough(node);
        }
        if (node.isList()) {
            return node.items().stream().map(TemplateLoader::rawValue).toList();
        }
        return node.scalarText();
    }

    private static TierCatalog readTiers(TemplateNode root, AgentCatalog agents) {
        root.allowOnly(Set.of("tiers"));
        Map<String, Tier> tiers = new LinkedHashMap<>();
        for (Map.Entry<String, TemplateNode> entry : root.required("tiers").entries().entrySet()) {
            TemplateNode tier = entry.getValue();
            tier.allowOnly(Set.of("displayName", "limits", "agents", "tools", "models", "messagesPerDay",
                    "customDomains", "matrix", "backups", "deletionGrace", "approval"));
            TemplateNode limits = tier.required("limits");
            limits.allowOnly(Set.of("memoryMb", "cpu", "storageGb", "agents"));
            int memoryMb = limits.required("memoryMb").wholeNumber();
            if (memoryMb < 64) {
                throw limits.get("memoryMb").error("must be at least 64");
            }
            BigDecimal cpu = limits.required("cpu").decimal();
            if (cpu.signum() <= 0) {
                throw limits.get("cpu").error("must be positive");
            }
            List<String> tierAgents = namesOrAll(tier.required("agents"), agents.agents().keySet());
            List<String> tierTools = namesOrAll(tier.required("tools"), agents.tools().keySet());
            List<String> tierModels = namesOrAll(tier.required("models"), agents.models().keySet());
            if (tierModels.isEmpty()) {
                throw tier.get("models").error("a tier needs at least one model");
            }
            Optional<Integer> messages = tier.get("messagesPerDay").optionalWholeNumber();
            if (messages.isPresent() && messages.get() < 1) {
                throw tier.get("messagesPerDay").error("must be positive, or null for unlimited");
            }
            Optional<Integer> storageGb = limits.get("storageGb").optionalWholeNumber();
            if (storageGb.isPresent() && storageGb.get() < 1) {
                throw limits.get("storageGb").error("must be positive, or absent for no limit");
            }
            int maxAgents = limits.get("agents").optionalWholeNumber().orElse(tierAgents.size());
            if (maxAgents < tierAgents.size()) {
                throw limits.get("agents").error("must be at least the " + tierAgents.size()
                        + " agents the tier configures");
            }
            tiers.put(entry.getKey(), new Tier(entry.getKey(), tier.required("displayName").string(), memoryMb,
                    cpu, tierAgents, tierTools, tierModels, messages, tier.required("customDomains").bool(),
                    tier.required("matrix").bool(), storageGb, maxAgents, readBackups(tier.get("backups")),
                    readGrace(tier.get("deletionGrace")), !tier.get("approval").isNull()
                            && tier.get("approval").bool()));
        }
        if (tiers.isEmpty()) {
            throw root.get("tiers").error("at least one tier is required");
        }
        return new TierCatalog(tiers);
    }

    private static Duration readGrace(TemplateNode node) {
        if (node.isNull()) {
            return Tier.DEFAULT_DELETION_GRACE;
        }
        if (!node.isString()) {
            if (node.wholeNumber() != 0) {
                throw node.error("expected a grace period such as 7d or 12h, or 0 to purge at once");
            }
            return Duration.ZERO;
        }
        try {
            return BackupPolicy.parseInterval(node.string());
        } catch (IllegalArgumentException e) {
            throw node.error("expected a grace period such as 7d or 12h, or 0 to purge at once");
        }
    }

    private static BackupPolicy readBackups(TemplateNode node) {
        if (node.isNull()) {
            return BackupPolicy.DEFAULT;
        }
        node.allowOnly(Set.of("every", "keep", "keepDaily"));
        try {
            BackupPolicy.parseInterval(node.required("every").string());
        } catch (IllegalArgumentException e) {
            throw node.get("every").error(e.getMessage());
        }
        int keep = node.required("keep").wholeNumber();
        if (keep < 1) {
            throw node.get("keep").error("must be at least 1");
        }
        int keepDaily = node.get("keepDaily").optionalWholeNumber().orElse(0);
        if (keepDaily < 0) {
            throw node.get("keepDaily").error("must not be negative");
        }
        return new BackupPolicy(BackupPolicy.parseInterval(node.required("every").string()), keep, keepDaily);
    }

    private static List<String> namesOrAll(TemplateNode node, Set<String> known) {
        if (node.isString() && node.string().equals("all")) {
            return List.copyOf(known);
        }
        List<TemplateNode> items = node.items();
        List<String> names = new ArrayList<>();
        for (TemplateNode item : items) {
            String name = item.string();
            if (!known.contains(name)) {
                throw item.error("unknown name '" + name + "' (known: " + String.join(", ", known) + ")");
            }
            names.add(name);
        }
        return names;
    }

    private static Topology readTopology(TemplateNode root) {
        root.allowOnly(Set.of("storage", "services", "apps", "matrixImages"));
        Map<MatrixServer, String> images = new EnumMap<>(MatrixServer.class);
        for (MatrixServer server : MatrixServer.values()) {
            images.put(server, root.required("matrixImages").required(server.key()).string());
        }
        root.get("matrixImages").allowOnly(Set.of("tuwunel", "synapse"));

        Map<String, AppTemplate> apps = new LinkedHashMap<>();
        for (Map.Entry<String, TemplateNode> entry : root.required("apps").entries().entrySet()) {
            apps.put(entry.getKey(), readApp(entry.getKey(), entry.getValue()));
        }
        if (apps.isEmpty()) {
            throw root.get("apps").error("at least one app is required");
        }

        List<ServiceTemplate> services = new ArrayList<>();
        if (!root.get("services").isNull()) {
            for (TemplateNode service : root.get("services").items()) {
                service.allowOnly(Set.of("kind", "name", "links"));
                String kindKey = service.required("kind").string();
                ServiceKind kind = ServiceKind.fromKey(kindKey)
                        .orElseThrow(() -> service.get("kind").error("must be postgres or redis"));
                String name = placeholders(service.required("name"));
                List<String> links = service.get("links").isNull() ? List.of() : service.get("links").strings();
                for (int i = 0; i < links.size(); i++) {
                    if (!apps.containsKey(links.get(i))) {
                        throw service.get("links").items().get(i).error("unknown app '" + links.get(i) + "'");
                    }
                }
                services.add(new ServiceTemplate(kind, name, links));
            }
        }
        List<String> storage = new ArrayList<>();
        if (!root.get("storage").isNull()) {
            for (TemplateNode dir : root.get("storage").items()) {
                storage.add(placeholders(dir));
            }
        }
        return new Topology(storage, services, apps, images);
    }

    private static AppTemplate readApp(String key, TemplateNode app) {
        app.allowOnly(Set.of("when", "name", "image", "limits", "domains", "mounts", "env"));
        boolean onlyWithMatrix = false;
        if (!app.get("when").isNull()) {
            if (!app.get("when").string().equals("matrix.enabled")) {
                throw app.get("when").error("the only supported condition is matrix.enabled");
            }
            onlyWithMatrix = true;
        }
        List<String> domains = new ArrayList<>();
        if (!app.get("domains").isNull()) {
            for (TemplateNode domain : app.get("domains").items()) {
                domains.add(domain.string().equals(CUSTOM_DOMAINS) ? CUSTOM_DOMAINS : placeholders(domain));
            }
        }
        List<String> mounts = new ArrayList<>();
        if (!app.get("mounts").isNull()) {
            for (TemplateNode mount : app.get("mounts").items()) {
                String text = placeholders(mount);
                if (text.split(":", -1).length != 2) {
                    throw mount.error("expected /host/path:/container/path");
                }
                mounts.add(text);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (!app.get("env").isNull()) {
            for (Map.Entry<String, TemplateNode> var : app.get("env").entries().entrySet()) {
                if (!ENV_KEY.matcher(var.getKey()).matches()) {
                    throw var.getValue().error("not a valid environment variable name");
                }
                if (var.getKey().startsWith("MINDROOM_MANAGED_") || var.getKey().equals("MINDROOM_INSTANCE")) {
                    throw var.getValue().error("reserved for the operator's ownership markers");
                }
                env.put(var.getKey(), placeholders(var.getValue()));
            }
        }
        return new AppTemplate(key, onlyWithMatrix, placeholders(app.required("name")),
                placeholders(app.required("image")), readLimits(app.required("limits")), domains, mounts, env);
    }

    private static LimitsTemplate readLimits(TemplateNode limits) {
        if (limits.isString()) {
            if (!limits.string().equals("tier")) {
                throw limits.error("expected 'tier', {memoryMb, cpu} or limits per Matrix server");
            }
            return new LimitsTemplate.FromTier();
        }
        Map<String, TemplateNode> entries = limits.entries();
        if (entries.containsKey("memoryMb") || entries.containsKey("cpu")) {
            return fixed(limits);
        }
        Map<MatrixServer, LimitsTemplate.Fixed> byServer = new EnumMap<>(MatrixServer.class);
        limits.allowOnly(Set.of("tuwunel", "synapse"));
        for (MatrixServer server : MatrixServer.values()) {
            byServer.put(server, fixed(limits.required(server.key())));
        }
        return new LimitsTemplate.ByMatrixServer(byServer);
    }

    private static LimitsTemplate.Fixed fixed(TemplateNode node) {
        node.allowOnly(Set.of("memoryMb", "cpu"));
        int memory = node.required("memoryMb").wholeNumber();
        BigDecimal cpu = node.required("cpu").decimal();
        if (memory < 4 || cpu.signum() <= 0) {
            throw node.error("limits must be positive (memoryMb at least 4)");
        }
        return new LimitsTemplate.Fixed(memory, cpu);
    }

    /** Checks every {@code ${...}} in a template string against the known placeholders. */
    private static String placeholders(TemplateNode node) {
        String text = node.scalarText();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean secret = SECRET.matcher(name).matches();
            if (secret && !text.equals("${" + name + "}")) {
                throw node.error("a secret placeholder must be the whole value");
            }
            if (!secret && !PLACEHOLDERS.contains(name)) {
                throw node.error("unknown placeholder ${" + name + "} (known: "
                        + String.join(", ", PLACEHOLDERS.stream().sorted().toList()) + ", secret.NAME)");
            }
        }
        if (matcher.replaceAll("").contains("${")) {
            throw node.error("unterminated placeholder");
        }
        return text;
    }
}
