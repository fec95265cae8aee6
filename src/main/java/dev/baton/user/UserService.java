package dev.baton.user;

import dev.baton.web.ConflictException;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class UserService {

    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final ApiKeyCache cache = new ApiKeyCache();

    private final UserLimitsProperties limits;

    UserService(UserRepository users, ApiKeyRepository keys, UserLimitsProperties limits) {
        this.users = users;
        this.keys = keys;
        this.limits = limits;
    }

    /** Runs on every authenticated request, hence one query, no transaction, and the cache in front. */
    Optional<CurrentUser> authenticate(String rawKey) {
        return authenticateHash(ApiKeys.hash(rawKey));
    }

    Optional<CurrentUser> authenticateHash(String keyHash) {
        return cache.get(keyHash, keys::findUserByKeyHash);
    }

    /** Creates a user with a fresh key; the raw key is returned here once and never stored. */
    @Transactional
    CreatedUser create(String username, Role role) {
        invalidateCache();
        if (users.findByUsername(username).isPresent()) {
            throw new ConflictException("username: '" + username + "' is already taken");
        }
        User user = users.save(new User(username, role, limits.defaults()));
        String rawKey = ApiKeys.generate();
        keys.save(new ApiKey(user.id(), rawKey, "default"));
        return new CreatedUser(user.id(), user.username(), user.role(), user.createdAt(), rawKey);
    }

    /**
     * Makes {@code rawKey} the admin's bootstrap key, idempotently: the admin is created on first use, and a
     * changed key replaces the previous bootstrap key instead of piling up.
     */
    @Transactional
    void ensureAdmin(String username, String rawKey) {
        invalidateCache();
        users.lockBootstrap();
        User admin = users.findByUsername(username).orElseGet(() -> users.save(new User(username, Role.ADMIN)));
        String hash = ApiKeys.hash(rawKey);
        keys.deleteByUserIdAndLabelAndKeyHashNot(admin.id(), ApiKey.BOOTSTRAP_LABEL, hash);
        if (keys.findByKeyHash(hash).isEmpty()) {
            keys.save(new ApiKey(admin.id(), rawKey, ApiKey.BOOTSTRAP_LABEL));
        }
    }

    /**
     * Creates an admin with a generated key when there is none yet, handing the key to {@code keeper} before the
     * admin is committed, so a key that could not be kept never becomes the only way in.
     *
     * @return whether an admin was created
     */
    @Transactional
    boolean createAdminIfNone(String username, Consumer<String> keeper) {
        users.lockBootstrap();
        if (users.existsByRole(Role.ADMIN)) {
            return false;
        }
        String key = ApiKeys.generate();
        keeper.accept(key);
        ensureAdmin(username, key);
        return true;
    }

    /**
     * Clears the key cache now and again when the transaction ends: a request authenticated between the change and
     * its commit still sees the old rows, and must not leave them cached.
     */
    private void invalidateCache() {
        cache.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.clear();
                }
            });
        }
    }
}
