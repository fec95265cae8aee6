package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PermissionModeTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void jsonUsesTheCliSpelling() {
        assertThat(json.writeValueAsString(PermissionMode.ACCEPT_EDITS)).isEqualTo("\"acceptEdits\"");
        assertThat(json.readValue("\"bypassPermissions\"", PermissionMode.class))
                .isEqualTo(PermissionMode.BYPASS_PERMISSIONS);
    }

    @Test
    void everyModeRoundTrips() {
        for (PermissionMode mode : PermissionMode.values()) {
            assertThat(PermissionMode.from(mode.cliValue())).isEqualTo(mode);
        }
    }

    @Test
    void unknownModeIsRejectedWithTheAcceptedValues() {
        assertThatThrownBy(() -> PermissionMode.from("yolo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yolo")
                .hasMessageContaining("dontAsk");
        assertThat(PermissionMode.from(null)).isNull();
    }
}
