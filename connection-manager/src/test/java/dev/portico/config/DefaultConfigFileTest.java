package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Keeps conf/portico.yaml honest: it must spell out exactly the defaults, and every key. */
class DefaultConfigFileTest {
    private static final Path FILE = Path.of("../conf/portico.yaml");

    @Test
    void theShippedFileGivesExactlyTheDefaults() {
        assertThat(ConfigLoader.load(FILE)).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void theShippedFileListsEveryKey() throws Exception {
        Object tree = ConfigLoader.parse(Files.readString(FILE), FILE.toString());
        Set<String> written = new TreeSet<>();
        collectLeaves("", tree, written);

        Set<String> known = new TreeSet<>();
        ConfigMapper.SECTIONS.forEach((section, keys) -> keys.stream()
                .map(key -> section.isEmpty() ? key : section + "." + key)
                .filter(key -> !ConfigMapper.SECTIONS.containsKey(key))
                .forEach(known::add));

        assertThat(written).isEqualTo(known);
    }

    /** Walks sections only; any other value (including the domains map) is a leaf. */
    private static void collectLeaves(String key, Object value, Set<String> leaves) {
        if (ConfigMapper.SECTIONS.containsKey(key) && value instanceof Map) {
            ((Map<?, ?>) value).forEach((name, child) ->
                    collectLeaves(key.isEmpty() ? name.toString() : key + "." + name, child, leaves));
        } else {
            leaves.add(key);
        }
    }
}
