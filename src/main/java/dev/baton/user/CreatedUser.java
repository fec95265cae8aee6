package dev.baton.user;

import java.time.Instant;
import java.util.UUID;

/** The answer to creating a user: the only time its API key is ever shown. */
record CreatedUser(UUID id, String username, Role role, Instant createdAt, String apiKey) {
}
