package dev.baton.temporalui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UiVersionTest {

    /** The UI decides how to call the server by the version the settings report; it must be the one built. */
    @Test
    void theSettingsReportTheUiVersionTheShellPins() throws Exception {
        var pins = JsonMapper.shared().readTree(Path.of("src/main/temporal-ui/package.json").toFile());
        assertThat(pins.path("devDependencies").path("@temporalio/ui").asString()).isEqualTo(UiMetadata.UI_VERSION);
        var lock = JsonMapper.shared().readTree(Path.of("src/main/temporal-ui/package-lock.json").toFile());
        assertThat(lock.path("packages").path("node_modules/@temporalio/ui").path("version").asString())
                .isEqualTo(UiMetadata.UI_VERSION);
    }
}
