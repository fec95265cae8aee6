package dev.baton.session;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.sessions.*}.
 *
 * @param maxMessageChars the longest prompt a query may carry
 * @param workspaceRoot every session's working directory must lie inside it (symlinks resolved)
 * @param allowBypassPermissions whether sessions may ask for {@code bypassPermissions}; off by default because it
 *     lets Claude run any tool on the server without asking
 */
@ConfigurationProperties("baton.sessions")
public record SessionProperties(
        @DefaultValue("100000") int maxMessageChars,
        @DefaultValue("./data/workspaces") Path workspaceRoot,
        @DefaultValue("false") boolean allowBypassPermissions) {

    public SessionProperties {
        workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
    }
}
