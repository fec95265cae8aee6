package dev.baton.webhook;

import dev.baton.task.TaskService;
import dev.baton.user.CurrentUser;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Webhooks through the API. A user sees and manages their own; an admin, everyone's. */
@Service
class WebhookService {

    /** How long the secret before a rotation goes on signing beside the new one. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookOutbox outbox;
    private final Destinations destinations;
    private final SecretCipher cipher;
    private final TaskService tasks;
    private final ApplicationEventPublisher events;

    WebhookService(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookOutbox outbox,
            Destinations destinations, SecretCipher cipher, TaskService tasks, ApplicationEventPublisher events) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.destinations = destinations;
        this.cipher = cipher;
        this.tasks = tasks;
        this.events = events;
    }

    @Transactional
    RevealedWebhook create(CurrentUser user, WebhookRequests.Create request) {
        String url = destinations.validate(request.url()).toString();
        if (request.taskId() != null) {
            checkTask(request.taskId(), user);
        }
        UUID id = UUID.randomUUID();
        String secret = StandardWebhooks.newSecret();
        Webhook webhook = webhooks.save(new Webhook(id, user.id(), url, request.events(), request.taskId(),
                request.description(), cipher.seal(id, secret)));
        return new RevealedWebhook(WebhookView.of(webhook), secret);
    }

    @Transactional(readOnly = true)
    PageView<WebhookView> list(CurrentUser user, int page, int size) {
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        return PageView.of(user.isAdmin() ? webhooks.findAll(request) : webhooks.findByUserId(user.id(), request),
                WebhookView::of);
    }

    @Transactional(readOnly = true)
    WebhookView get(CurrentUser user, UUID id) {
        return WebhookView.of(visible(user, id));
    }

    @Transactional
    WebhookView update(CurrentUser user, UUID id, WebhookRequests.Update request) {
        Webhook webhook = visible(user, id);
        if (request.url() != null) {
            webhook.changeUrl(destinations.validate(request.url()).toString());
        }
        if (request.events() != null) {
            webhook.changeEvents(request.events());
        }
        if (request.description() != null) {
            webhook.describe(request.description().isEmpty() ? null : request.description());
        }
        if (Boolean.TRUE.equals(request.enabled())) {
            webhook.enable();
        } else if (Boolean.FALSE.equals(request.enabled())) {
            webhook.disable("disabled by " + user.username());
        }
        return WebhookView.of(webhook);
    }

    /** Its deliveries go with it; a delivery workflow still running finds nothing left to send. */
    @Transactional
    void delete(CurrentUser user, UUID id) {
        webhooks.delete(visible(user, id));
    }

    @Transactional
    RevealedWebhook rotate(CurrentUser user, UUID id) {
        Webhook webhook = visible(user, id);
        String secret = StandardWebhooks.newSecret();
        webhook.rotate(cipher.seal(webhook.id(), secret), ROTATION_OVERLAP);
        return new RevealedWebhook(WebhookView.of(webhook), secret);
    }

    @Transactional
    DeliveryView test(CurrentUser user, UUID id) {
        Webhook webhook = enabled(visible(user, id));
        return DeliveryView.of(outbox.test(webhook));
    }

    @Transactional(readOnly = true)
    PageView<DeliveryView> deliveries(CurrentUser user, UUID id, int page, int size) {
        Webhook webhook = visible(user, id);
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "sequence"));
        return PageView.of(deliveries.findByWebhookId(webhook.id(), request), DeliveryView::of);
    }

    /** The same event (same id and body) once more, with a fresh retry budget. */
    @Transactional
    DeliveryView redeliver(CurrentUser user, UUID id, UUID deliveryId) {
        Webhook webhook = visible(user, id);
        WebhookDelivery delivery = deliveries.lock(deliveryId).filter(d -> d.webhookId().equals(webhook.id()))
                .orElseThrow(() -> new NotFoundException("delivery", deliveryId));
        enabled(webhook);
        if (!delivery.redeliver()) {
            throw new ConflictException("delivery " + deliveryId + " is still pending");
        }
        events.publishEvent(new WebhookOutbox.Recorded(List.of(DeliveryDispatch.of(delivery))));
        return DeliveryView.of(delivery);
    }

    private Webhook visible(CurrentUser user, UUID id) {
        return (user.isAdmin() ? webhooks.findById(id) : webhooks.findByIdAndUserId(id, user.id()))
                .orElseThrow(() -> new NotFoundException("webhook", id));
    }

    private static Webhook enabled(Webhook webhook) {
        if (!webhook.enabled()) {
            throw new ConflictException("webhook " + webhook.id() + " is disabled; enable it first (PATCH with"
                    + " \"enabled\": true)");
        }
        return webhook;
    }

    private void checkTask(UUID taskId, CurrentUser user) {
        try {
            tasks.get(taskId, user.id());
        } catch (NotFoundException e) {
            throw new InvalidFieldException("taskId", "no task " + taskId + " of yours");
        }
    }
}
