package dev.baton.webhook;

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

    record Create(
            @NotBlank @Size(max = 2000) String url,
            @NotEmpty(message = "must name at least one event type") @Size(max = 10)
            List<@NotNull WebhookEventType> events,
            UUID taskId,
            @Size(max = 500) String description) {
    }

    record Update(
            @Size(min = 1, max = 2000) String url,
            @Size(min = 1, max = 10, message = "must name between 1 and 10 event types")
            List<@NotNull WebhookEventType> events,
            Boolean enabled,
            @Size(max = 500) String description) {
    }
}
