package dev.baton.webhook;

import dev.baton.user.CurrentUser;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Signed notifications of execution events")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a webhook; the answer is the only one that shows its secret")
    RevealedWebhook create(@AuthenticationPrincipal CurrentUser user,
            @Valid @RequestBody WebhookRequests.Create request) {
        return webhooks.create(user, request);
    }

    @GetMapping
    @Operation(summary = "Your webhooks (an admin's: everyone's), newest first")
    PageView<WebhookView> list(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return webhooks.list(user, page, size);
    }

    @GetMapping("/{id}")
    WebhookView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return webhooks.get(user, id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change the URL, events, description, or enable or disable it")
    WebhookView update(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody WebhookRequests.Update request) {
        return webhooks.update(user, id, request);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        webhooks.delete(user, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/secret/rotate")
    @Operation(summary = "A new secret; for 24 h deliveries are signed with the old one too")
    RevealedWebhook rotate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return webhooks.rotate(user, id);
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Send a webhook.test event")
    ResponseEntity<DeliveryView> test(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.test(user, id));
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The webhook's deliveries, newest first")
    PageView<DeliveryView> deliveries(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return webhooks.deliveries(user, id, page, size);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a finished delivery's event again, with the same webhook-id")
    ResponseEntity<DeliveryView> redeliver(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @PathVariable UUID deliveryId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.redeliver(user, id, deliveryId));
    }
}
