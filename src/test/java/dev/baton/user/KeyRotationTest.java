package dev.baton.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The key cache in front of the database must not keep a rotated-away key alive on the node that rotated it. */
class KeyRotationTest extends IntegrationTest {

    @Autowired
    UserService users;

    @Test
    void aRotatedBootstrapKeyIsRefusedAtOnceEvenIfCached() {
        String username = "rotating-admin-" + UUID.randomUUID();
        String oldKey = ApiKeys.generate();
        String newKey = ApiKeys.generate();
        users.ensureAdmin(username, oldKey);
        assertThat(users.authenticate(oldKey)).map(CurrentUser::username).contains(username);
        assertThat(users.authenticate(oldKey)).map(CurrentUser::role).contains(Role.ADMIN);

        users.ensureAdmin(username, newKey);

        assertThat(users.authenticate(oldKey)).isEmpty();
        assertThat(users.authenticate(newKey)).map(CurrentUser::username).contains(username);
    }

    @Test
    void aWrongKeyIsRefusedAndACreatedUsersKeyWorksAtOnce() {
        assertThat(users.authenticate("not-a-key-" + UUID.randomUUID())).isEmpty();

        CreatedUser created = users.create("cached-" + UUID.randomUUID(), Role.USER);

        assertThat(users.authenticate(created.apiKey()))
                .contains(new CurrentUser(created.id(), created.username(), Role.USER));
    }
}
