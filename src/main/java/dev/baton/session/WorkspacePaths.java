package dev.baton.session;

import dev.baton.claude.FailureType;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.ServiceUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Confines working directories to the workspace root. A path is checked twice: lexically after normalising
 * {@code ..}, and again with symlinks resolved on its deepest existing ancestor, so neither {@code ../../etc}
 * nor a symlink planted inside the root can lead Claude out of it.
 */
@Component
class WorkspacePaths {

    static final String FIELD = "workingDirectory";

    private final Path root;

    WorkspacePaths(SessionProperties properties) {
        this.root = properties.workspaceRoot();
    }

    /** Validates without touching the disk, so a rejected request leaves nothing behind. */
    Path resolve(String requested, UUID sessionId) {
        if (requested == null || requested.isBlank()) {
            return root.resolve(sessionId.toString());
        }
        Path path;
        try {
            Path given = Path.of(requested);
            path = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw new InvalidFieldException(FIELD, "is not a valid path");
        }
        if (!path.startsWith(root)) {
            throw new InvalidFieldException(FIELD, "must be inside the workspace root " + root);
        }
        if (!realAncestor(path).startsWith(realRoot())) {
            throw new InvalidFieldException(FIELD, "leads outside the workspace root through a symbolic link");
        }
        return path;
    }

    /**
     * Makes sure the directory a turn is about to run in exists and still lies inside the root. It was checked
     * when the session was made, but anything with access to the workspaces (another session's tools, too) may
     * have swapped it, or a directory above it, for a symlink since. A directory outside this node's root was
     * made by a node configured with another root; this node cannot judge it and only creates it.
     *
     * <p>Only a session's first turn gets its directory created. Once a session has had turns, its directory holds
     * what Claude made or was given; if it is missing here, it is on another node's disk, and an empty one in its
     * place would have Claude carry on among none of its files.
     *
     * @throws ServiceUnavailableException {@code workspace_unavailable}, when a session that has had turns finds no
     *     directory here
     */
    void prepareForTurn(UUID sessionId, Path directory, BooleanSupplier hadTurns) {
        boolean underThisRoot = directory.normalize().startsWith(root);
        if (underThisRoot && !realAncestor(directory).startsWith(realRoot())) {
            throw new InvalidFieldException(FIELD, "leads outside the workspace root through a symbolic link");
        }
        // Asked only when the directory is missing: the usual turn finds it and spends no query on it.
        if (!Files.isDirectory(directory)) {
            if (hadTurns.getAsBoolean()) {
                throw new ServiceUnavailableException(FailureType.WORKSPACE_UNAVAILABLE, "The working directory "
                        + directory + " of session " + sessionId + " does not exist on this node, although the "
                        + "session has had turns; Baton does not recreate it empty. Nodes that serve the same sessions "
                        + "need the same BATON_WORKSPACE_ROOT on a shared volume (NFS, a ReadWriteMany volume), or a "
                        + "load balancer that sends each session's requests to one node (sticky by session id): mount "
                        + "the shared workspace root on this node, or restore the directory.");
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new InvalidFieldException(FIELD, "cannot be created: a file or a broken link is in its place");
            }
        }
        // Checked again now that it exists: it may have been swapped between the first check and here.
        if (underThisRoot && !toReal(directory).startsWith(realRoot())) {
            throw new InvalidFieldException(FIELD, "leads outside the workspace root through a symbolic link");
        }
    }

    void create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create working directory " + directory, e);
        }
    }

    private Path realRoot() {
        create(root);
        return toReal(root);
    }

    private static Path realAncestor(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path : toReal(existing).resolve(existing.relativize(path));
    }

    private static Path toReal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
