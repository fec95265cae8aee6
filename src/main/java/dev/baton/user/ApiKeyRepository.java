package dev.baton.user;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    /**
     * The key's owner in one query. Runs without a transaction of its own (one statement in autocommit needs
     * none), which spares the begin, read-only and commit round trips on every authenticated request.
     */
    @Transactional(propagation = Propagation.SUPPORTS)
    @Query("select new dev.baton.user.CurrentUser(u.id, u.username, u.role)"
            + " from ApiKey k join User u on u.id = k.userId where k.keyHash = :keyHash")
    Optional<CurrentUser> findUserByKeyHash(String keyHash);

    void deleteByUserIdAndLabelAndKeyHashNot(UUID userId, String label, String keyHash);
}
