package dev.baton.embedded;

import static dev.baton.embedded.Reflection.field;
import static dev.baton.embedded.Reflection.method;
import static dev.baton.embedded.Reflection.nested;
import static dev.baton.embedded.Reflection.requireClass;
import static dev.baton.embedded.Reflection.type;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The test server's {@code SelfAdvancingTimerImpl}, as far as closed runs stay in it (see {@link
 * TestServerInternals}): {@code lockEvents}, a list of time-skipping lock and unlock events kept "for debugging" that
 * only grows (about 8 per execution), and {@code tasks}, the timer queue. The server never removes a timer: a
 * cancelled one stays queued until it is due, and a run's timeouts stay after the run closed, each callback holding
 * the run's state until its due time (an activity's start-to-close timeout, up to a day). Both are guarded by the
 * timer's {@code lock}.
 */
final class TestServerTimer {

    private final Object timer;
    private final LinkedList<Object> lockEvents;
    private final PriorityQueue<Object> tasks;
    private final Lock lock;
    private final Condition condition;
    private final Field emptyQueueHandle;
    private final Field handleEvent;
    private final Field eventCaller;
    private final Field eventType;
    private final Field eventTimestamp;
    private final Method taskCanceled;
    private final Field taskCallback;

    @SuppressWarnings("unchecked")
    TestServerTimer(Object timer) throws ReflectiveOperationException {
        requireClass(timer, "SelfAdvancingTimerImpl");
        this.timer = timer;
        Class<?> timerClass = timer.getClass();
        lockEvents = (LinkedList<Object>) field(timerClass, "lockEvents", LinkedList.class).get(timer);
        tasks = (PriorityQueue<Object>) field(timerClass, "tasks", PriorityQueue.class).get(timer);
        lock = (Lock) field(timerClass, "lock", Lock.class).get(timer);
        condition = (Condition) field(timerClass, "condition", Condition.class).get(timer);
        emptyQueueHandle = field(timerClass, "timeLockOnEmptyQueueHandle", type("LockHandle"));
        Class<?> lockEvent = nested(timerClass, "LockEvent");
        handleEvent = field(nested(timerClass, "TimerLockHandle"), "event", lockEvent);
        eventCaller = field(lockEvent, "caller", String.class);
        eventType = field(lockEvent, "lockType", nested(timerClass, "LockEventType"));
        eventTimestamp = field(lockEvent, "timestamp", long.class);
        Class<?> task = nested(timerClass, "TimerTask");
        taskCanceled = method(task, "isCanceled", boolean.class);
        taskCallback = field(task, "runnable", Runnable.class);
    }

    /**
     * Drops the timers whose callback holds one of these run states; due, each would find its run closed and do
     * nothing. A callback is recognised by what it captured, whatever the capture is called; one that cannot be read
     * stays, and goes when due.
     */
    void dropTimersOf(Set<Object> states) {
        lock.lock();
        try {
            tasks.removeIf(task -> holdsAny(task, states));
        } finally {
            lock.unlock();
        }
    }

    /** Drops the cancelled timers and the settled pairs of lock and unlock events older than {@code settled}. */
    void prune(Duration settled) {
        lock.lock();
        try {
            boolean removed = tasks.removeIf(this::canceled);
            pruneLockEventsLocked(settled);
            if (removed) {
                condition.signal();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Drops the settled pairs of lock and unlock events older than {@code settled}; see {@link #prune}. */
    void pruneLockEvents(Duration settled) {
        lock.lock();
        try {
            pruneLockEventsLocked(settled);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /** How many queued timers hold one of these run states; for tests. */
    int countTimersOf(Set<Object> states) {
        lock.lock();
        try {
            return (int) tasks.stream().filter(task -> holdsAny(task, states)).count();
        } finally {
            lock.unlock();
        }
    }

    int lockEventCount() {
        lock.lock();
        try {
            return lockEvents.size();
        } finally {
            lock.unlock();
        }
    }

    int taskCount() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A lock event stays while a handle may still remove it: the empty-queue handle's, and the short-lived ones of
     * a timer callback ({@code [TimerPump]}) or a state update ({@code Command Update}). Every other lock's handle
     * was thrown away by its taker, who unlocks by count instead, adding an unlock event.
     */
    private void pruneLockEventsLocked(Duration settled) throws ReflectiveOperationException {
        Object handle = emptyQueueHandle.get(timer);
        Object pinned = handle == null ? null : handleEvent.get(handle);
        long settledBefore = System.currentTimeMillis() - settled.toMillis();
        List<Object> locks = new ArrayList<>();
        List<Object> unlocks = new ArrayList<>();
        for (Object event : lockEvents) {
            if (eventTimestamp.getLong(event) > settledBefore) {
                continue;
            }
            String caller = String.valueOf(eventCaller.get(event));
            if ("U".equals(String.valueOf(eventType.get(event)))) {
                unlocks.add(event);
            } else if (event != pinned && !caller.startsWith("[TimerPump]") && !caller.startsWith("Command Update")) {
                locks.add(event);
            }
        }
        int pairs = Math.min(locks.size(), unlocks.size());
        if (pairs > 0) {
            Set<Object> remove = Collections.newSetFromMap(new IdentityHashMap<>());
            remove.addAll(locks.subList(0, pairs));
            remove.addAll(unlocks.subList(0, pairs));
            lockEvents.removeIf(remove::contains);
        }
    }

    private boolean holdsAny(Object task, Set<Object> states) {
        try {
            Object callback = taskCallback.get(task);
            for (Field captured : callback.getClass().getDeclaredFields()) {
                if (!captured.getType().isPrimitive() && !Modifier.isStatic(captured.getModifiers())
                        && captured.trySetAccessible() && states.contains(captured.get(callback))) {
                    return true;
                }
            }
            return false;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    private boolean canceled(Object task) {
        try {
            return (boolean) taskCanceled.invoke(task);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }
}
