package dev.baton.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded workflow histories the replay tests read, from {@code src/test/resources}. */
public final class Histories {

    private Histories() {
    }

    /** The JSON of one recorded history; fails naming the resource when it is missing. */
    public static String json(String resource) {
        try (InputStream in = Histories.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No recorded history " + resource + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
