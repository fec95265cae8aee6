package dev.baton.schedule;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface StoredScheduleRepository extends JpaRepository<StoredSchedule, UUID> {
}
