package dev.baton.web;

import java.util.Map;

/** The request is valid but clashes with the resource's current state (409). */
public class ConflictException extends RuntimeException {

    private final Map<String, Object> properties;

    public ConflictException(String message) {
        this(message, Map.of());
    }

    /** @param properties extra members of the problem, naming what the request clashed with */
    public ConflictException(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
