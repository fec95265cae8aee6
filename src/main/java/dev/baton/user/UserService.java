package dev.baton.user;

import dev.baton.web.ConflictException;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class UserService {

    private final UserRepository users;
    private final ApiKeyRepository keys;

    UserService(UserRepository users, ApiKeyRepository keys) {
        this.users = users;
        this.keys = keys;
    }

    @Transactional(readOnly = true)
    Optional<CurrentUser> authenticate(String rawKey) {
        return keys.findByKeyHash(ApiKeys.hash(rawKey))
                .flatMap(key -> users.findById(key.userId()))
                .map(user -> new CurrentUser(user.id(), user.username(), user.role()));
    }

    /** Creates a user with a fresh key; the raw key is returned here once and never stored. */
    @Transactional
    CreatedUser create(String username, Role role) {
        if (users.findByUsername(username).isPresent()) {
            throw new ConflictException("username: '" + username + "' is already taken");
        }
        User user = users.save(new User(username, role));
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
}
