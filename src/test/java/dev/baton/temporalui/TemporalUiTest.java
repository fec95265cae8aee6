package dev.baton.temporalui;

import dev.baton.support.IntegrationTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with its Temporal Web UI on a free port. Subclasses add no properties, so they share one Spring
 * context.
 */
abstract class TemporalUiTest extends IntegrationTest {

    static final int UI_PORT = freePort();

    @DynamicPropertySource
    static void uiPort(DynamicPropertyRegistry registry) {
        registry.add("baton.temporal.ui-port", () -> UI_PORT);
    }

    UiClient ui(String username, String key) {
        return new UiClient(UI_PORT, username, key);
    }
}
