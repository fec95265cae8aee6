package dev.baton.user;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    void deleteByUserIdAndLabelAndKeyHashNot(UUID userId, String label, String keyHash);
}
