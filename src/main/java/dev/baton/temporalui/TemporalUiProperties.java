package dev.baton.temporalui;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.temporal.ui-port} ({@code BATON_TEMPORAL_UI_PORT}): where the zero set-up run serves the Temporal Web
 * UI; 0 turns it off. Served only with the embedded Temporal server, on nodes with the api role.
 */
@ConfigurationProperties("baton.temporal")
record TemporalUiProperties(@DefaultValue("8233") int uiPort) {

    TemporalUiProperties {
        if (uiPort < 0 || uiPort > 65535) {
            throw new IllegalArgumentException("baton.temporal.ui-port (BATON_TEMPORAL_UI_PORT) must be 0 (off) or a"
                    + " TCP port up to 65535, not " + uiPort);
        }
    }
}
