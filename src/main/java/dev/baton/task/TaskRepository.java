package dev.baton.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface TaskRepository extends JpaRepository<Task, UUID> {

    Optional<Task> findByIdAndUserId(UUID id, UUID userId);

    Page<Task> findByUserId(UUID userId, Pageable pageable);

    boolean existsByUserIdAndNameAndIdNot(UUID userId, String name, UUID id);

    Optional<Task> findByUserIdAndName(UUID userId, String name);

    List<Task> findByIdIn(Collection<UUID> ids);
}
