package dev.baton.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum Role {
    ADMIN, USER;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Role fromJson(String value) {
        return Role.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
