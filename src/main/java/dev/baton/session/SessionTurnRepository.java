package dev.baton.session;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface SessionTurnRepository extends JpaRepository<SessionTurn, UUID> {
}
