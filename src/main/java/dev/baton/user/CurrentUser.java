package dev.baton.user;

import java.util.UUID;

/** The authenticated caller, as controllers receive it through {@code @AuthenticationPrincipal}. */
public record CurrentUser(UUID id, String username, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
