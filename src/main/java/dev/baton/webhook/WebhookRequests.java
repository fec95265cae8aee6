package dev.baton.webhook;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** The bodies of {@code POST} and {@code PATCH /api/v1/webhooks}; a PATCH changes only the fields it carries. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    @Schema(example = """
            {"url": "https://ci.example.com/baton-hook", "events": ["execution.completed", "execution.failed"],
             "taskId": "3a54c1d2-7f7e-4f51-9d8e-2b1f0c6a9e10", "description": "deploy notifications"}""")
    record Create(
            @NotBlank @Size(max = 2000) String url,
            @NotEmpty(message = "must name at least one event type") @Size(max = 10)
            List<@NotNull WebhookEventType> events,
            UUID taskId,
            @Size(max = 500) String description) {
    }

    @Schema(example = """
            {"enabled": true, "events": ["execution.completed", "execution.failed", "execution.timed_out"]}""")
    record Update(
            @Size(min = 1, max = 2000) String url,
            @Size(min = 1, max = 10, message = "must name between 1 and 10 event types")
            List<@NotNull WebhookEventType> events,
            Boolean enabled,
            @Size(max = 500) String description) {
    }
}
