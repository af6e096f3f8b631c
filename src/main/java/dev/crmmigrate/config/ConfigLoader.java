package dev.crmmigrate.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crmmigrate.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the one {@link CrmConfig} of an invocation. Precedence, highest first:
 * command-line options &gt; environment variables &gt; the YAML file &gt; built-in defaults.
 *
 * <p>In the file, {@code ${NAME}} is replaced by the environment variable NAME (an unset variable is an error).
 * Passwords are accepted only from {@code CRM_DB_PASSWORD} / {@code CRM_SOURCE_DB_PASSWORD} or a
 * {@code password_file}: a {@code password} key in the file is rejected so that it never sits in a repository.
 */
public final class ConfigLoader {
    /** Environment variables and the configuration key each one sets. */
    public static final Map<String, String> ENVIRONMENT_KEYS = orderedMap(
            "CRM_WORK_DIR", "work_dir",
            "CRM_JDBC_URL", "target.jdbc_url",
            "CRM_DB_USER", "target.user",
            "CRM_DB_PASSWORD_FILE", "target.password_file",
            "CRM_SOURCE_JDBC_URL", "source.jdbc_url",
            "CRM_SOURCE_DB_USER", "source.user",
            "CRM_SOURCE_DB_PASSWORD_FILE", "source.password_file",
            "CRM_SPARK_MASTER", "spark.master",
            "CRM_EMBEDDED_PORT", "embedded.port",
            "CRM_EMBEDDED_BINARIES_DIR", "embedded.binaries_dir");

    public static final String TARGET_PASSWORD_ENV = "CRM_DB_PASSWORD";
    public static final String SOURCE_PASSWORD_ENV = "CRM_SOURCE_DB_PASSWORD";

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    /**
     * @param file      the YAML file, or null for defaults only
     * @param env       the process environment (passed in so tests can supply their own)
     * @param overrides command-line options as dotted keys, e.g. {@code target.jdbc_url}
     */
    public static CrmConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        String origin = file == null ? "defaults" : file.toString();
        ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file);
        substituteEnv(tree, env, origin);
        for (String db : List.of("target", "source")) {
            if (tree.path(db).has("password")) {
                throw Errors.config(
                        "%s: '%s.password' is not allowed in a file; set %s or %s.password_file instead",
                        origin, db, db.equals("target") ? TARGET_PASSWORD_ENV : SOURCE_PASSWORD_ENV, db);
            }
        }
        ENVIRONMENT_KEYS.forEach((var, key) -> {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                set(tree, key, value);
            }
        });
        overrides.forEach((key, value) -> {
            if (value != null) {
                set(tree, key, value);
            }
        });
        for (String db : List.of("target", "source")) {
            String url = tree.path(db).path("jdbc_url").asText(null);
            if (url != null && carriesPassword(url)) {
                throw Errors.config(
                        "%s: '%s.jdbc_url' must not carry a password (a URL is printed, logged and committed); set %s "
                                + "or %s.password_file instead",
                        origin, db, db.equals("target") ? TARGET_PASSWORD_ENV : SOURCE_PASSWORD_ENV, db);
            }
        }
        CrmConfig config = bind(tree, origin);
        for (String key : config.spark().conf().keySet()) {
            if (!key.startsWith("spark.")) {
                throw Errors.badConfigValue(
                        origin, "spark.conf." + key, key, "only spark.* settings can be passed to Spark");
            }
        }
        return new CrmConfig(
                config.workDir(),
                config.spark(),
                config.target().withPassword(password(config.target(), env.get(TARGET_PASSWORD_ENV))),
                config.source().withPassword(password(config.source(), env.get(SOURCE_PASSWORD_ENV))),
                config.embedded(),
                config.rules(),
                config.lists(),
                config.reaudit(),
                config.load());
    }

    private static ObjectNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw Errors.configFileMissing(file);
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw Errors.unreadableConfig(file, "the top level must be a mapping of keys to values");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw Errors.unreadableConfig(file, e.getMessage());
        }
    }

    private static CrmConfig bind(ObjectNode tree, String origin) {
        try {
            return YAML.treeToValue(tree, CrmConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : ref.getFieldName())
                    .reduce((a, b) -> a + "." + b)
                    .orElse(e.getPropertyName());
            throw Errors.unknownConfigKey(origin, path, e.getKnownPropertyIds());
        } catch (Errors.CrmMigrateException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof Errors.CrmMigrateException cme) {
                throw cme;
            }
            throw Errors.config(
                    "%s: %s", origin, e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void substituteEnv(JsonNode node, Map<String, String> env, String origin) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getValue().isTextual()) {
                    f.setValue(TextNode.valueOf(expand(f.getValue().asText(), env, origin)));
                } else {
                    substituteEnv(f.getValue(), env, origin);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isTextual()) {
                    ((ArrayNode) node).set(i, TextNode.valueOf(expand(item.asText(), env, origin)));
                } else {
                    substituteEnv(item, env, origin);
                }
            }
        }
    }

    static String expand(String text, Map<String, String> env, String origin) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                throw Errors.missingEnv(origin, m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.", 2);
        if (parts.length == 1) {
            tree.put(parts[0], value);
            return;
        }
        JsonNode child = tree.get(parts[0]);
        ObjectNode obj = child instanceof ObjectNode o ? o : tree.putObject(parts[0]);
        // spark.conf keys contain dots themselves: everything after "spark.conf." is one key.
        if (parts[0].equals("spark") && parts[1].startsWith("conf.")) {
            ObjectNode conf = obj.get("conf") instanceof ObjectNode c ? c : obj.putObject("conf");
            conf.put(parts[1].substring("conf.".length()), value);
            return;
        }
        set(obj, parts[1], value);
    }

    /** True when a JDBC URL holds a password ({@code password=…} or {@code user:secret@host}). */
    public static boolean carriesPassword(String url) {
        return url.toLowerCase(java.util.Locale.ROOT).contains("password=") || url.matches(".*//[^/@]+:[^/@]+@.*");
    }

    private static Secret password(DatabaseSettings db, String fromEnv) {
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Secret.of(fromEnv);
        }
        if (db.passwordFile() == null) {
            return Secret.NONE;
        }
        if (Files.exists(db.passwordFile())) {
            // As ssh does with a key: a password others can read is no longer a secret.
            dev.crmmigrate.PrivateFiles.requirePrivate(db.passwordFile(), "password_file");
        }
        try {
            String first = Files.readAllLines(db.passwordFile()).stream()
                    .findFirst()
                    .orElse("")
                    .strip();
            return Secret.of(first);
        } catch (IOException e) {
            throw Errors.passwordFileUnreadable(db.passwordFile(), e.getClass().getSimpleName());
        }
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
