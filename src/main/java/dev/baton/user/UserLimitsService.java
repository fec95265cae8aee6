package dev.baton.user;

import dev.baton.web.NotFoundException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and sets users' limits; other features enforce them ({@code dev.baton.usage}). */
@Service
public class UserLimitsService {

    private final UserRepository users;

    UserLimitsService(UserRepository users) {
        this.users = users;
    }

    /** @throws NotFoundException when there is no such user */
    @Transactional(readOnly = true)
    public UserLimits limits(UUID userId) {
        return find(userId).limits();
    }

    @Transactional
    UserLimits set(UUID userId, UserLimits limits) {
        User user = find(userId);
        user.limit(limits);
        return user.limits();
    }

    private User find(UUID userId) {
        return users.findById(userId).orElseThrow(() -> new NotFoundException("user", userId));
    }
}
