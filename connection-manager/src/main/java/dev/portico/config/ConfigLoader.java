package dev.portico.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads {@code portico.yaml} (keys documented in {@code conf/portico.yaml}) into a validated
 * {@link PorticoConfig}. Keys left out take their defaults; unknown keys are errors, so a typo never
 * silently falls back to a default.
 */
public final class ConfigLoader {
    private static final String INLINE_SOURCE = "<yaml>";

    private ConfigLoader() {
    }

    /**
     * Loads a config file; relative file names inside it are resolved against the file's directory.
     *
     * @throws ConfigException naming the file when it cannot be read or parsed, or naming the key of a bad value
     */
    public static PorticoConfig load(Path yamlFile) {
        return ConfigMapper.map(readTree(yamlFile), yamlFile.toString(), baseDir(yamlFile));
    }

    /** Loads YAML text; relative file names inside it are resolved against the working directory. */
    public static PorticoConfig fromYaml(String yaml) {
        return ConfigMapper.map(parse(yaml, INLINE_SOURCE), INLINE_SOURCE, Path.of(""));
    }

    /** The configuration used when no file is given. */
    public static PorticoConfig defaults() {
        return PorticoConfig.DEFAULTS;
    }

    static Path baseDir(Path yamlFile) {
        return yamlFile.toAbsolutePath().getParent();
    }

    /** The file's YAML document as plain maps and lists (mutable, so flags can be laid over it). */
    static Object readTree(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(source, "is a directory, not a config file");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, "config file not found");
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(source, "cannot read the config file (" + e + ")");
        }
    }

    static Object parse(String yaml, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .build();
        try {
            return new Load(settings).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String where = mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
            String context = e.getContext() == null || e.getContext().isBlank() ? "" : e.getContext() + ", ";
            throw new ConfigException(source, "YAML syntax error" + where + ": " + oneLine(context + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new ConfigException(source, "invalid YAML: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s+", " ").strip();
    }
}
