package dev.baton.session;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.sessions.*}.
 *
 * @param maxMessageChars the longest prompt a query may carry
 * @param workspaceRoot every session's working directory must lie inside it (symlinks resolved)
 * @param allowBypassPermissions whether sessions may ask for {@code bypassPermissions}; off by default because it
 *     lets Claude run any tool on the server without asking
 * @param turnLease how long a session's turn lease lasts unless its node renews it (every third of it): the longest a
 *     dead node's turn keeps its session from taking the next query
 */
@ConfigurationProperties("baton.sessions")
record SessionProperties(
        @DefaultValue("100000") int maxMessageChars,
        @DefaultValue("./data/workspaces") Path workspaceRoot,
        @DefaultValue("false") boolean allowBypassPermissions,
        @DefaultValue("45s") Duration turnLease) {

    public SessionProperties {
        workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
        if (turnLease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("baton.sessions.turn-lease must be at least 3s, was " + turnLease);
        }
    }
}
