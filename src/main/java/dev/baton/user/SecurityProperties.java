package dev.baton.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code baton.security.*}: the bootstrap admin key (from {@code BATON_ADMIN_API_KEY}). */
@ConfigurationProperties("baton.security")
record SecurityProperties(@DefaultValue("") String adminApiKey) {

    @Override
    public String toString() {
        return "SecurityProperties[adminApiKey=" + (adminApiKey.isBlank() ? "unset" : "***") + "]";
    }
}
