package dev.baton;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose id Baton assigns when it creates it. Spring Data's {@code save} takes an entity with an id for a
 * stored one and merges it, which reads the row before inserting it: one more query for each execution, session
 * and turn created. This says it is new until it is stored or loaded, so {@code save} inserts at once.
 */
@MappedSuperclass
public abstract class NewUntilStored implements Persistable<UUID> {

    @Transient
    private boolean stored;

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void stored() {
        stored = true;
    }
}
