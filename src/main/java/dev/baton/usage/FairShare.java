package dev.baton.usage;

import dev.baton.user.UserLimitsService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fair-share queue that task executions wait in for a turn slot, so that one user's burst cannot hold every CLI
 * slot while another user's single execution waits behind it.
 *
 * <p>At most {@code slots} executions hold a slot at once. When one frees, the next goes to the waiting user who holds
 * the fewest slots (the one waiting longest among equals), and within a user to their oldest execution; a user at
 * their maxConcurrentTurns gets none. The queue is rows in PostgreSQL, decided under one advisory lock, so every node
 * sees the same queue. An execution waits in its workflow, holding no worker slot: a grant signals it at once. It also
 * looks again now and then, in case a signal was lost, and worker nodes re-send the signal of a grant left unused
 * ({@link #unclaimedGrants}).
 *
 * <p>An ask costs the same however long the queue is: it looks only at the held slots (at most {@code slots} rows),
 * and at waiting rows only to pick the next ones when a slot is free. A burst of thousands therefore does not slow
 * down the executions ahead of it.
 */
@Component
public class FairShare {

    private static final long LOCK = 7347017L;

    private final JdbcTemplate jdbc;
    private final FairShareProperties properties;
    private final UserLimitsService limits;
    private final Spend spend;

    FairShare(JdbcTemplate jdbc, FairShareProperties properties, UserLimitsService limits, Spend spend) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.limits = limits;
        this.spend = spend;
    }

    /** Joins the queue when the execution is recorded, so its place follows when it was submitted. */
    @Transactional
    public void enqueue(UUID executionId, UUID userId) {
        jdbc.update("""
                insert into turn_slots (execution_id, user_id, requested_at) values (?, ?, now())
                on conflict (execution_id) do nothing""", executionId, userId);
    }

    /**
     * @param held whether the execution that asked holds a slot
     * @param granted the executions that got a slot just now (the one that asked among them, if it did): their
     *        workflows should be told, so they need not wait for their next look
     */
    public record Grant(boolean held, List<UUID> granted) {
    }

    /**
     * Joins the queue (once), hands free slots out in fair order, and says whether this execution holds one.
     * Idempotent: asking again after a grant answers true.
     */
    @Transactional
    public Grant tryAcquire(UUID executionId, UUID userId) {
        jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK);
        jdbc.update("""
                insert into turn_slots (execution_id, user_id, requested_at) values (?, ?, now())
                on conflict (execution_id) do nothing""", executionId, userId);
        // Slots held by executions that ended without giving them back (a lost workflow) are free again. Waiting rows
        // of such executions are left to dropEnded(): looking at every waiting row on every ask made a long queue
        // slow down the whole node.
        deleteRowsOfEnded(true);
        List<UUID> granted = grantFreeSlots();
        if (granted.contains(executionId)) {
            return new Grant(true, granted);
        }
        Boolean held = jdbc.queryForObject("select granted_at is not null from turn_slots where execution_id = ?",
                Boolean.class, executionId);
        return new Grant(Boolean.TRUE.equals(held), granted);
    }

    /**
     * Gives the execution's slot back, or leaves the queue, and hands the freed slot to the next in fair order at
     * once; harmless when it holds none.
     *
     * @return the executions that got a slot
     */
    @Transactional
    public List<UUID> release(UUID executionId) {
        if (jdbc.update("delete from turn_slots where execution_id = ? and granted_at is not null", executionId) > 0) {
            jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK);
            return grantFreeSlots();
        }
        jdbc.update("delete from turn_slots where execution_id = ?", executionId);
        return List.of();
    }

    /**
     * Drops the rows of executions that ended without leaving the queue (their workflow was lost), and hands out the
     * slots that frees.
     *
     * @return the executions that got a slot
     */
    @Transactional
    public List<UUID> dropEnded() {
        jdbc.queryForList("select pg_advisory_xact_lock(?)", LOCK);
        return deleteRowsOfEnded(false) == 0 ? List.of() : grantFreeSlots();
    }

    /** Deletes the rows of executions no longer queued or running: only those holding a slot, or all. */
    private int deleteRowsOfEnded(boolean holdingOnly) {
        return jdbc.update("delete from turn_slots s where " + (holdingOnly ? "s.granted_at is not null and " : "")
                + """
                not exists (select 1 from task_executions e
                where e.id = s.execution_id and e.status in ('QUEUED', 'RUNNING'))""");
    }

    /**
     * The executions granted a slot more than {@code olderThan} ago that have not started their turn: the signal
     * that told them may have been lost, with the node that sent it.
     */
    @Transactional(readOnly = true)
    public List<UUID> unclaimedGrants(Duration olderThan) {
        return jdbc.queryForList("""
                select s.execution_id from turn_slots s join task_executions e on e.id = s.execution_id
                where s.granted_at is not null and s.granted_at < now() - make_interval(secs => ?)
                and e.status = 'QUEUED'""", UUID.class, olderThan.toMillis() / 1000.0);
    }

    private List<UUID> grantFreeSlots() {
        List<UUID> granted = new ArrayList<>();
        Map<UUID, Integer> held = new HashMap<>();
        jdbc.query("select user_id, count(*) from turn_slots where granted_at is not null group by user_id",
                row -> {
                    held.put(row.getObject(1, UUID.class), row.getInt(2));
                });
        int free = properties.slots() - held.values().stream().mapToInt(Integer::intValue).sum();
        if (free <= 0) {
            return granted;
        }
        // Each waiting user's oldest execution, oldest first.
        List<Waiting> waiting = new ArrayList<>(jdbc.query("""
                select distinct on (user_id) user_id, execution_id, requested_at from turn_slots
                where granted_at is null order by user_id, requested_at, execution_id""",
                (row, n) -> new Waiting(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getTimestamp(3).toInstant().toEpochMilli())));
        Map<UUID, Integer> caps = new HashMap<>();
        while (free > 0 && !waiting.isEmpty()) {
            Waiting next = null;
            for (Waiting w : waiting) {
                int mine = held.getOrDefault(w.userId(), 0);
                if (!hasRoom(w.userId(), mine, caps)) {
                    continue;
                }
                if (next == null || mine < held.getOrDefault(next.userId(), 0)
                        || mine == held.getOrDefault(next.userId(), 0) && w.requestedAt() < next.requestedAt()) {
                    next = w;
                }
            }
            if (next == null) {
                return granted;
            }
            jdbc.update("update turn_slots set granted_at = now() where execution_id = ?", next.executionId());
            granted.add(next.executionId());
            held.merge(next.userId(), 1, Integer::sum);
            free--;
            waiting.remove(next);
            UUID user = next.userId();
            jdbc.query("""
                    select execution_id, requested_at from turn_slots where user_id = ? and granted_at is null
                    order by requested_at, execution_id limit 1""", row -> {
                waiting.add(new Waiting(user, row.getObject(1, UUID.class),
                        row.getTimestamp(2).toInstant().toEpochMilli()));
            }, user);
        }
        return granted;
    }

    /** Under the user's maxConcurrentTurns, counting their interactive turns too. */
    private boolean hasRoom(UUID userId, int slotsHeld, Map<UUID, Integer> caps) {
        int cap = caps.computeIfAbsent(userId, id -> {
            Integer limit = limits.limits(id).maxConcurrentTurns();
            return limit == null ? Integer.MAX_VALUE : limit;
        });
        return cap == Integer.MAX_VALUE || Math.max(slotsHeld, spend.runningTurns(userId)) < cap;
    }

    private record Waiting(UUID userId, UUID executionId, long requestedAt) {
    }
}
