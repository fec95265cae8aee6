package dev.baton.user;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The built-in admin, for features that act without a request: tasks declared as workflow files belong to it.
 * Only usable once {@link AdminBootstrap} has run, which is before {@code ApplicationReadyEvent}.
 */
@Component
public class SystemUser {

    private final UserRepository users;

    SystemUser(UserRepository users) {
        this.users = users;
    }

    /** @throws IllegalStateException when the admin has not been created yet */
    public UUID adminId() {
        return users.findByUsername(AdminBootstrap.ADMIN).map(User::id)
                .orElseThrow(() -> new IllegalStateException("the admin user '" + AdminBootstrap.ADMIN
                        + "' does not exist yet"));
    }
}
