package dev.baton;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Settings shared by every feature: where Baton keeps its files. */
@ConfigurationProperties("baton")
public record BatonProperties(@DefaultValue("./data") Path dataDir) {

    public BatonProperties {
        dataDir = dataDir.toAbsolutePath().normalize();
    }
}
