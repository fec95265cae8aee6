package dev.baton.webhook;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The webhook with its signing secret: the answer to creating it or rotating its secret, and no other. */
record RevealedWebhook(@JsonUnwrapped WebhookView webhook, String secret) {
}
