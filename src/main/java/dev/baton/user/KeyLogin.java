package dev.baton.user;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Logins with a username and an API key as the password, for clients that cannot send a bearer header: a browser
 * answering an HTTP Basic prompt, or a login form. A login is checked again on every later request (through the
 * same short-lived cache as bearer keys), so a removed key or user stops working for it too.
 */
@Component
public class KeyLogin {

    /** Proof of a successful login; it holds the key's hash, never the key. */
    public static final class Proof {

        private final String username;
        private final String keyHash;

        private Proof(String username, String keyHash) {
            this.username = username;
            this.keyHash = keyHash;
        }

        @Override
        public String toString() {
            return "KeyLogin.Proof[" + username + "]";
        }
    }

    /** A user and the proof that let them in. */
    public record Login(CurrentUser user, Proof proof) {
    }

    private final UserService users;

    KeyLogin(UserService users) {
        this.users = users;
    }

    /** @return the login when {@code apiKey} is a key of the user named {@code username} */
    public Optional<Login> login(String username, String apiKey) {
        if (username == null || apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        return users.authenticateHash(hash).filter(user -> user.username().equals(username))
                .map(user -> new Login(user, new Proof(username, hash)));
    }

    /** @return the user, as they are now, when the login still holds */
    public Optional<CurrentUser> check(Proof proof) {
        return users.authenticateHash(proof.keyHash).filter(user -> user.username().equals(proof.username));
    }
}
