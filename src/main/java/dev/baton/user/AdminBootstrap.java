package dev.baton.user;

import dev.baton.BatonProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Provisions the admin at startup. With {@code BATON_ADMIN_API_KEY} set, that key is the admin's. Without it, the
 * first start generates one and writes it to a file readable only by the owner: the log names the file, never the
 * key, so a zero set-up run is usable without leaking a secret into logs.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserService users;
    private final SecurityProperties security;
    private final BatonProperties baton;

    AdminBootstrap(UserService users, SecurityProperties security, BatonProperties baton) {
        this.users = users;
        this.security = security;
        this.baton = baton;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!security.adminApiKey().isBlank()) {
            users.ensureAdmin(ADMIN, security.adminApiKey());
            log.info("Admin user '{}' uses the key from BATON_ADMIN_API_KEY", ADMIN);
            return;
        }
        Path file = baton.dataDir().resolve("admin-api-key");
        if (!users.createAdminIfNone(ADMIN, key -> write(file, key))) {
            return;
        }
        log.info("Generated an API key for admin user '{}' and wrote it to {} (set BATON_ADMIN_API_KEY to choose one)",
                ADMIN, file);
    }

    private static void write(Path file, String key) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated admin API key to " + file, e);
        }
    }
}
