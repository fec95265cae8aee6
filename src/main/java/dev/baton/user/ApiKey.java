package dev.baton.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stored API key: only its hash and a short prefix, never the key itself. */
@Entity
@Table(name = "api_keys")
class ApiKey {

    static final String BOOTSTRAP_LABEL = "bootstrap";

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false, unique = true)
    private String keyHash;

    @Column(nullable = false)
    private String keyPrefix;

    @Column(nullable = false)
    private String label;

    @Column(nullable = false)
    private Instant createdAt;

    protected ApiKey() {
    }

    ApiKey(UUID userId, String rawKey, String label) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.keyHash = ApiKeys.hash(rawKey);
        this.keyPrefix = ApiKeys.prefix(rawKey);
        this.label = label;
        this.createdAt = Instant.now();
    }

    UUID userId() {
        return userId;
    }

    String keyHash() {
        return keyHash;
    }
}
