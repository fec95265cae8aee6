package dev.baton.embedded;

import static dev.baton.embedded.Reflection.field;
import static dev.baton.embedded.Reflection.method;
import static dev.baton.embedded.Reflection.requireClass;
import static dev.baton.embedded.Reflection.type;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * The parts of Temporal's Java test server (artifact {@code temporal-test-server}, package {@code
 * io.temporal.internal.testservice}) that keep closed workflow runs in memory, reached by reflection because the
 * server has no API to delete a run. Written against version {@value #VERSION} and refused for any other: {@link
 * #attach} checks the version and every member's type, and fails with a message naming what differs.
 *
 * <p>What a run leaves behind, read from that version's source:
 * <ul>
 * <li>{@code TestWorkflowService}: its mutable state in {@code executions} (per run), {@code
 * executionsByWorkflowId} (the latest run of a workflow id) and {@code executionsByFirstExecutionRunId} (the current
 * run of a continue-as-new chain), all guarded by the service's {@code lock};</li>
 * <li>{@code TestWorkflowStoreImpl.histories}: its events, guarded by the store's {@code lock};</li>
 * <li>{@code TestVisibilityStoreImpl.executionSearchAttributes}: its search attributes (a concurrent map);</li>
 * <li>the timer's lock events and queued timers ({@link TestServerTimer}).</li>
 * </ul>
 * A run is dropped only while closed, and each structure only under the lock the server itself takes for it.
 */
final class TestServerInternals {

    static final String VERSION = "1.38.0";
    /**
     * Lock events younger than this may belong to a handle about to be released; they are left alone. The handles
     * are held for one state update or one timer callback, milliseconds; the known kinds are excluded by name anyway.
     */
    static final Duration SETTLED_LOCK_EVENTS = Duration.ofSeconds(5);

    private final Map<Object, Object> executions;
    private final Map<Object, Object> executionsByWorkflowId;
    private final Map<Object, Object> executionsByFirstExecutionRunId;
    private final Lock serviceLock;
    private final Map<Object, Object> histories;
    private final Lock storeLock;
    private final Map<Object, Object> searchAttributes;
    private final TestServerTimer timer;
    private final Method status;
    private final Method execution;
    private final Constructor<?> executionId;

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

        Object store = field(serviceClass, "store", type("TestWorkflowStore")).get(service);
        requireClass(store, "TestWorkflowStoreImpl");
        histories = map(field(store.getClass(), "histories", Map.class).get(store));
        storeLock = (Lock) field(store.getClass(), "lock", Lock.class).get(store);

        Object visibility = field(serviceClass, "visibilityStore", type("TestVisibilityStore")).get(service);
        requireClass(visibility, "TestVisibilityStoreImpl");
        searchAttributes = map(field(visibility.getClass(), "executionSearchAttributes", Map.class).get(visibility));

        timer = new TestServerTimer(field(serviceClass, "selfAdvancingTimer", type("SelfAdvancingTimer")).get(service));

        Class<?> mutableState = type("TestWorkflowMutableState");
        status = method(mutableState, "getWorkflowExecutionStatus", WorkflowExecutionStatus.class);
        method(mutableState, "getExecutionId", type("ExecutionId"));
        execution = method(type("ExecutionId"), "getExecution", WorkflowExecution.class);
        executionId = type("ExecutionId").getDeclaredConstructor(String.class, String.class, String.class);
        executionId.setAccessible(true);
    }

    /**
     * @throws IllegalStateException naming the difference when the server is not the version, or not shaped like
     *         the version, this class was written for
     */
    static TestServerInternals attach(TestWorkflowEnvironment environment) {
        try {
            Class<?> serviceClass = type("TestWorkflowService");
            String version = serviceClass.getPackage().getImplementationVersion();
            if (!VERSION.equals(version)) {
                throw new IllegalStateException("the embedded Temporal test server is version " + version
                        + ", and only " + VERSION + " is known");
            }
            Object service = service(environment);
            if (service == null) {
                throw new IllegalStateException("the test environment runs no in-process server");
            }
            return new TestServerInternals(service);
        } catch (IllegalStateException e) {
            throw e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the embedded Temporal test server's internals differ from version "
                    + VERSION + "'s: " + e, e);
        }
    }

    /** The environment's in-process {@code TestWorkflowService}, or null when it runs against an external server. */
    static Object service(TestWorkflowEnvironment environment) throws ReflectiveOperationException {
        return field(environment.getClass(), "service", type("TestWorkflowService")).get(environment);
    }

    /** The runs that are closed now. */
    List<ClosedRun> closedRuns() {
        List<ClosedRun> closed = new ArrayList<>();
        serviceLock.lock();
        try {
            for (var entry : executions.entrySet()) {
                if (isClosed(entry.getValue())) {
                    WorkflowExecution ids = (WorkflowExecution) execution.invoke(entry.getKey());
                    closed.add(new ClosedRun(entry.getKey(), ids.getWorkflowId(), ids.getRunId()));
                }
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        } finally {
            serviceLock.unlock();
        }
        return closed;
    }

    /**
     * Forgets these runs, each only if it is still closed, with their timers.
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
                if (state != null && isClosed(state)) {
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
        timer.dropTimersOf(dropped);
        return keys.size();
    }

    /**
     * Drops the queued timers of those of these runs that are closed, and leaves the runs themselves to the
     * retention. Due, a closed run's timer finds the run closed and does nothing, at a cost: each workflow task
     * leaves a start-to-close timeout due 10 s later, and each that fires still takes the run's and the timer's
     * locks, records lock events and builds a stack trace and an exception. With one execution at a time, the
     * firing timers had a fifth of the JVM's profile samples; dropping them saved about a tenth of its CPU.
     *
     * @param runs workflow id and run id of each run
     * @return how many of the runs were closed, so that their timers went
     */
    int dropTimersOfClosed(String namespace, Collection<WorkflowExecution> runs) {
        Set<Object> closed = states(namespace, runs, true);
        if (!closed.isEmpty()) {
            timer.dropTimersOf(closed);
        }
        return closed.size();
    }

    /** How many queued timers belong to these runs, open or closed; for tests. */
    int timersOf(String namespace, Collection<WorkflowExecution> runs) {
        return timer.countTimersOf(states(namespace, runs, false));
    }

    /** The server's states of these runs, of those it holds (only the closed ones, if asked). */
    private Set<Object> states(String namespace, Collection<WorkflowExecution> runs, boolean closedOnly) {
        Set<Object> states = Collections.newSetFromMap(new IdentityHashMap<>());
        serviceLock.lock();
        try {
            for (WorkflowExecution run : runs) {
                Object state = executions.get(executionId.newInstance(namespace, run.getWorkflowId(),
                        run.getRunId()));
                if (state != null && (!closedOnly || isClosed(state))) {
                    states.add(state);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            serviceLock.unlock();
        }
        return states;
    }

    /** See {@link TestServerTimer#prune}. */
    void pruneTimer(Duration settled) {
        timer.prune(settled);
    }

    /** See {@link TestServerTimer#pruneLockEvents}. */
    void pruneLockEvents(Duration settled) {
        timer.pruneLockEvents(settled);
    }

    Counts counts() {
        int runs;
        int byWorkflowId;
        int byChain;
        serviceLock.lock();
        try {
            runs = executions.size();
            byWorkflowId = executionsByWorkflowId.size();
            byChain = executionsByFirstExecutionRunId.size();
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
        return new Counts(runs, byWorkflowId, byChain, historyCount, searchAttributes.size(), timer.lockEventCount(),
                timer.taskCount());
    }

    private boolean isClosed(Object state) {
        try {
            return status.invoke(state) != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value) {
        return (Map<Object, Object>) value;
    }
}
