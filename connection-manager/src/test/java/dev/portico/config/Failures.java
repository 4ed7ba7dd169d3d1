package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Captures the ConfigException a piece of configuration must produce. */
final class Failures {
    private Failures() {
    }

    static ConfigException thrownBy(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ConfigException.class);
        ConfigException e = (ConfigException) thrown;
        assertThat(e.getMessage()).isEqualTo(e.key() + ": " + e.problem()).doesNotContain("\n");
        return e;
    }

    static ConfigException loading(String yaml) {
        return thrownBy(() -> ConfigLoader.fromYaml(yaml));
    }
}
