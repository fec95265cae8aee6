package dev.baton.user;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, UUID> {

    Optional<User> findByUsername(String username);

    boolean existsByRole(Role role);

    /**
     * Serialises admin bootstrapping across nodes that start together on one database, until the transaction
     * ends; without it two nodes could both create the admin, or replace each other's bootstrap key.
     */
    @Query(nativeQuery = true, value = "select count(*) from (select pg_advisory_xact_lock(7347001)) as locked")
    long lockBootstrap();
}
