package dev.baton.embedded;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The parts of Temporal's Java test server (artifact {@code temporal-test-server}, package {@code
 * io.temporal.internal.testservice}) that keep closed workflows in memory, reached by reflection because the server
 * has no API to delete a run. Written against version {@value #VERSION} and refused for any other: {@link #attach}
 * checks the version and every field's type, and fails with a message naming what differs.
 *
 * <p>What a run leaves behind, read from that version's source:
 * <ul>
 * <li>{@code TestWorkflowService}: its mutable state in {@code executions} (per run), {@code
 * executionsByWorkflowId} (the latest run of a workflow id) and {@code executionsByFirstExecutionRunId} (the current
 * run of a continue-as-new chain), all guarded by the service's {@code lock};</li>
 * <li>{@code TestWorkflowStoreImpl.histories}: its events, guarded by the store's {@code lock};</li>
 * <li>{@code TestVisibilityStoreImpl.executionSearchAttributes}: its search attributes (a concurrent map);</li>
 * <li>{@code SelfAdvancingTimerImpl}: {@code lockEvents}, a list of time-skipping lock and unlock events kept "for
 * debugging" that only grows (about 8 per execution), and {@code tasks}, whose cancelled timers stay queued, each
 * holding its run's state, until their due time comes (an activity's start-to-close timeout, up to a day).</li>
 * </ul>
 * A run is dropped from the maps only while closed and under the lock the server itself takes for them. Lock events
 * are dropped in pairs of a lock and an unlock, never a lock event that a live handle will remove itself.
 */
final class TestServerInternals {

    static final String VERSION = "1.38.0";
    private static final String PACKAGE = "io.temporal.internal.testservice";
    /** Lock events younger than this may belong to a handle about to be released; they are left alone. */
    static final Duration SETTLED_LOCK_EVENTS = Duration.ofMinutes(1);

    private final Map<Object, Object> executions;
    private final Map<Object, Object> executionsByWorkflowId;
    private final Map<Object, Object> executionsByFirstExecutionRunId;
    private final Lock serviceLock;
    private final Map<Object, Object> histories;
    private final Lock storeLock;
    private final Map<Object, Object> searchAttributes;
    private final Object timer;
    private final LinkedList<Object> lockEvents;
    private final PriorityQueue<Object> timerTasks;
    private final Lock timerLock;
    private final Condition timerCondition;
    private final Field emptyQueueHandle;
    private final Field handleEvent;
    private final Field eventCaller;
    private final Field eventType;
    private final Field eventTimestamp;
    private final Method taskCanceled;
    private final Field taskRunnable;
    private final Method status;
    private final Method executionId;
    private final Method execution;

    /** One closed run the server still holds: the key of its maps and its ids. */
    record ClosedRun(Object key, String workflowId, String runId) {
    }

    /** How many entries each structure holds; for tests and logs. */
    record Counts(int executions, int executionsByWorkflowId, int executionsByFirstExecutionRunId, int histories,
            int searchAttributes, int lockEvents, int timerTasks) {
    }

    private TestServerInternals(Object service) throws ReflectiveOperationException {
        Class<?> serviceClass = service.getClass();
        executions = map(field(serviceClass, "executions", Map.class).get(service));
        executionsByWorkflowId = map(field(serviceClass, "executionsByWorkflowId", Map.class).get(service));
        executionsByFirstExecutionRunId = map(field(serviceClass, "executionsByFirstExecutionRunId", Map.class)
                .get(service));
        serviceLock = (Lock) field(serviceClass, "lock", Lock.class).get(service);

        Object store = field(serviceClass, "store", Class.forName(PACKAGE + ".TestWorkflowStore")).get(service);
        requireClass(store, "TestWorkflowStoreImpl");
        histories = map(field(store.getClass(), "histories", Map.class).get(store));
        storeLock = (Lock) field(store.getClass(), "lock", Lock.class).get(store);

        Object visibility = field(serviceClass, "visibilityStore", Class.forName(PACKAGE + ".TestVisibilityStore"))
                .get(service);
        requireClass(visibility, "TestVisibilityStoreImpl");
        searchAttributes = map(field(visibility.getClass(), "executionSearchAttributes", Map.class).get(visibility));

        timer = field(serviceClass, "selfAdvancingTimer", Class.forName(PACKAGE + ".SelfAdvancingTimer")).get(service);
        requireClass(timer, "SelfAdvancingTimerImpl");
        Class<?> timerClass = timer.getClass();
        @SuppressWarnings("unchecked")
        LinkedList<Object> events = (LinkedList<Object>) field(timerClass, "lockEvents", LinkedList.class).get(timer);
        lockEvents = events;
        @SuppressWarnings("unchecked")
        PriorityQueue<Object> tasks = (PriorityQueue<Object>) field(timerClass, "tasks", PriorityQueue.class).get(timer);
        timerTasks = tasks;
        timerLock = (Lock) field(timerClass, "lock", Lock.class).get(timer);
        timerCondition = (Condition) field(timerClass, "condition", Condition.class).get(timer);
        emptyQueueHandle = field(timerClass, "timeLockOnEmptyQueueHandle", Class.forName(PACKAGE + ".LockHandle"));
        Class<?> lockEvent = nested(timerClass, "LockEvent");
        handleEvent = field(nested(timerClass, "TimerLockHandle"), "event", lockEvent);
        eventCaller = field(lockEvent, "caller", String.class);
        eventType = field(lockEvent, "lockType", nested(timerClass, "LockEventType"));
        eventTimestamp = field(lockEvent, "timestamp", long.class);
        taskCanceled = method(nested(timerClass, "TimerTask"), "isCanceled", boolean.class);
        taskRunnable = field(nested(timerClass, "TimerTask"), "runnable", Runnable.class);

        Class<?> mutableState = Class.forName(PACKAGE + ".TestWorkflowMutableState");
        status = method(mutableState, "getWorkflowExecutionStatus", WorkflowExecutionStatus.class);
        executionId = method(mutableState, "getExecutionId", Class.forName(PACKAGE + ".ExecutionId"));
        execution = method(Class.forName(PACKAGE + ".ExecutionId"), "getExecution", WorkflowExecution.class);
    }

    /**
     * @throws IllegalStateException naming the difference when the server is not the version, or not shaped like
     *         the version, this class was written for
     */
    static TestServerInternals attach(TestWorkflowEnvironment environment) {
        try {
            Class<?> serviceClass = Class.forName(PACKAGE + ".TestWorkflowService");
            String version = serviceClass.getPackage().getImplementationVersion();
            if (!VERSION.equals(version)) {
                throw new IllegalStateException("the embedded Temporal test server is version " + version
                        + ", and only " + VERSION + " is known");
            }
            Object service = field(environment.getClass(), "service", serviceClass).get(environment);
            if (service == null) {
                throw new IllegalStateException("the test environment runs no in-process server");
            }
            return new TestServerInternals(service);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalStateException known) {
                throw known;
            }
            throw new IllegalStateException("the embedded Temporal test server's internals differ from version "
                    + VERSION + "'s: " + e, e);
        }
    }

    /** The runs that are closed now. */
    List<ClosedRun> closedRuns() {
        List<ClosedRun> closed = new ArrayList<>();
        serviceLock.lock();
        try {
            for (var entry : executions.entrySet()) {
                if (status(entry.getValue()) != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                    WorkflowExecution ids = (WorkflowExecution) execution.invoke(entry.getKey());
                    closed.add(new ClosedRun(entry.getKey(), ids.getWorkflowId(), ids.getRunId()));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            serviceLock.unlock();
        }
        return closed;
    }

    /**
     * Forgets these runs, each only if it is still closed.
     *
     * @return how many were dropped
     */
    int drop(Collection<ClosedRun> runs) {
        Set<Object> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> keys = new ArrayList<>();
        serviceLock.lock();
        try {
            for (ClosedRun run : runs) {
                Object state = executions.get(run.key());
                if (state != null && status(state) != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                    executions.remove(run.key());
                    dropped.add(state);
                    keys.add(run.key());
                }
            }
            if (!dropped.isEmpty()) {
                executionsByWorkflowId.values().removeIf(dropped::contains);
                executionsByFirstExecutionRunId.values().removeIf(dropped::contains);
            }
        } finally {
            serviceLock.unlock();
        }
        if (keys.isEmpty()) {
            return 0;
        }
        storeLock.lock();
        try {
            keys.forEach(histories::remove);
        } finally {
            storeLock.unlock();
        }
        keys.forEach(searchAttributes::remove);
        dropTimersOf(dropped);
        return keys.size();
    }

    /**
     * The server never removes a timer; each one's callback holds its run's state and, when due, finds the run
     * closed and does nothing. Those of dropped runs go now, so the states can be collected before the timers' due
     * time (a turn's start-to-close timeout, up to a day). A callback is recognised by what it captured, whatever
     * the capture is called; one that cannot be read stays and is dropped by the timer itself when due.
     */
    private void dropTimersOf(Set<Object> states) {
        timerLock.lock();
        try {
            timerTasks.removeIf(task -> holdsAny(task, states));
        } finally {
            timerLock.unlock();
        }
    }

    private boolean holdsAny(Object task, Set<Object> states) {
        try {
            Object callback = taskRunnable.get(task);
            for (Field captured : callback.getClass().getDeclaredFields()) {
                if (!captured.getType().isPrimitive() && !java.lang.reflect.Modifier.isStatic(captured.getModifiers())
                        && captured.trySetAccessible() && states.contains(captured.get(callback))) {
                    return true;
                }
            }
            return false;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Drops the cancelled timers (the timer pump drops them itself, but only once they are due) and the settled
     * pairs of time-skipping lock and unlock events older than {@code settled}.
     */
    void pruneTimer(Duration settled) {
        timerLock.lock();
        try {
            boolean removed = timerTasks.removeIf(this::canceled);
            pruneLockEvents(settled);
            if (removed) {
                timerCondition.signal();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            timerLock.unlock();
        }
    }

    /**
     * A lock event stays while a handle may still remove it: the empty-queue handle's, and the short-lived ones of
     * a timer callback ({@code [TimerPump]}) or a state update ({@code Command Update}). Every other lock's handle
     * was thrown away by its taker, who unlocks by count instead, adding an unlock event.
     */
    private void pruneLockEvents(Duration settled) throws ReflectiveOperationException {
        Object handle = emptyQueueHandle.get(timer);
        Object pinned = handle == null ? null : handleEvent.get(handle);
        long settledBefore = System.currentTimeMillis() - settled.toMillis();
        List<Object> locks = new ArrayList<>();
        List<Object> unlocks = new ArrayList<>();
        for (Object event : lockEvents) {
            if (eventTimestamp.getLong(event) > settledBefore) {
                continue;
            }
            String type = String.valueOf(eventType.get(event));
            String caller = String.valueOf(eventCaller.get(event));
            if ("U".equals(type)) {
                unlocks.add(event);
            } else if (event != pinned && !caller.startsWith("[TimerPump]") && !caller.startsWith("Command Update")) {
                locks.add(event);
            }
        }
        int pairs = Math.min(locks.size(), unlocks.size());
        if (pairs == 0) {
            return;
        }
        Set<Object> remove = Collections.newSetFromMap(new IdentityHashMap<>());
        remove.addAll(locks.subList(0, pairs));
        remove.addAll(unlocks.subList(0, pairs));
        for (Iterator<Object> it = lockEvents.iterator(); it.hasNext(); ) {
            if (remove.contains(it.next())) {
                it.remove();
            }
        }
    }

    Counts counts() {
        int[] service = new int[3];
        serviceLock.lock();
        try {
            service[0] = executions.size();
            service[1] = executionsByWorkflowId.size();
            service[2] = executionsByFirstExecutionRunId.size();
        } finally {
            serviceLock.unlock();
        }
        int historyCount;
        storeLock.lock();
        try {
            historyCount = histories.size();
        } finally {
            storeLock.unlock();
        }
        int events;
        int tasks;
        timerLock.lock();
        try {
            events = lockEvents.size();
            tasks = timerTasks.size();
        } finally {
            timerLock.unlock();
        }
        return new Counts(service[0], service[1], service[2], historyCount, searchAttributes.size(), events, tasks);
    }

    private boolean canceled(Object task) {
        try {
            return (boolean) taskCanceled.invoke(task);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private WorkflowExecutionStatus status(Object state) {
        try {
            return (WorkflowExecutionStatus) status.invoke(state);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value) {
        return (Map<Object, Object>) value;
    }

    private static void requireClass(Object value, String simpleName) {
        if (value == null || !value.getClass().getName().equals(PACKAGE + "." + simpleName)) {
            throw new IllegalStateException("expected a " + PACKAGE + "." + simpleName + ", found "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }

    /** A declared field of exactly this type, made accessible. */
    private static Field field(Class<?> owner, String name, Class<?> type) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        if (!field.getType().equals(type)) {
            throw new IllegalStateException(owner.getName() + "." + name + " is a " + field.getType().getName()
                    + ", not a " + type.getName());
        }
        field.setAccessible(true);
        return field;
    }

    private static Method method(Class<?> owner, String name, Class<?> returns) throws NoSuchMethodException {
        Method method = owner.getDeclaredMethod(name);
        if (!method.getReturnType().equals(returns)) {
            throw new IllegalStateException(owner.getName() + "." + name + "() returns a "
                    + method.getReturnType().getName() + ", not a " + returns.getName());
        }
        method.setAccessible(true);
        return method;
    }

    private static Class<?> nested(Class<?> owner, String simpleName) throws ClassNotFoundException {
        return Class.forName(owner.getName() + "$" + simpleName, false, owner.getClassLoader());
    }
}
