package dev.baton.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code pending → delivered | failed}; a redelivery makes a finished delivery pending again. */
enum DeliveryStatus {
    PENDING, DELIVERED, FAILED;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
