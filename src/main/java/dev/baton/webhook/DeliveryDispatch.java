package dev.baton.webhook;

import java.util.UUID;

/** What starting a delivery's workflow needs; its memo names these, leading from the Temporal Web UI to the rows. */
record DeliveryDispatch(UUID deliveryId, UUID webhookId, String eventId, String eventType) {

    static DeliveryDispatch of(WebhookDelivery d) {
        return new DeliveryDispatch(d.id(), d.webhookId(), d.eventId(), d.eventType().jsonValue());
    }
}
