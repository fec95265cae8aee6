package dev.baton.claude;

import dev.baton.BatonProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Starts Claude CLI processes for headless turns, at most {@link ClaudeProperties#maxConcurrent()} at once on
 * this node.
 *
 * <p>The prompt goes to the child on stdin and never on the command line, where other local users could read
 * it and where a prompt starting with {@code -} would be taken for a flag. The child gets an environment built
 * from nothing (see {@link ChildEnvironment}).
 */
@Component
public class ClaudeCli {

    private static final Logger log = LoggerFactory.getLogger(ClaudeCli.class);
    /** The environment variable, unique per run, that marks a CLI process and everything it starts. */
    static final String RUN_MARKER = "BATON_CLI_RUN";

    private final ClaudeProperties properties;
    private final CommandResolver resolver;
    // Fair, so a burst of callers that each retry after a refusal cannot starve one another for long.
    private final Semaphore slots;
    private final Set<ClaudeRun> live = ConcurrentHashMap.newKeySet();
    private final Object idle = new Object();
    private final CliProcessRecords records;

    /** Without a data directory: records no pids and cleans up after no crashed Baton. */
    public ClaudeCli(ClaudeProperties properties) {
        this(properties, CliProcessRecords.none());
    }

    /**
     * Kills, before anything else, the CLIs a Baton that died on this data directory left running, and records the
     * pid of every CLI it starts there (see {@link CliProcessRecords}).
     */
    @Autowired
    public ClaudeCli(ClaudeProperties properties, BatonProperties baton) {
        this(properties, CliProcessRecords.in(baton.dataDir().resolve("cli-processes")));
    }

    private ClaudeCli(ClaudeProperties properties, CliProcessRecords records) {
        this.properties = properties;
        this.resolver = new CommandResolver(properties, Path.of(""), System.getenv("PATH"));
        this.slots = new Semaphore(properties.maxConcurrent(), true);
        this.records = records;
        int killed = records.killLeftovers();
        if (killed > 0) {
            log.warn("Killed {} Claude CLI process(es) left running by a Baton that did not shut down", killed);
        }
    }

    /**
     * Starts one turn. Events reach {@code onEvent} in order on a reader thread as the CLI writes them; a
     * consumer that throws is logged and does not stop the stream.
     *
     * @throws ClaudeUnavailableException when the CLI cannot be found or launched
     * @throws ClaudeCapacityException when all slots are busy; nothing was started
     */
    public ClaudeRun start(ClaudeRequest request, Consumer<ClaudeEvent> onEvent) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onEvent, "onEvent");
        if (!Files.isDirectory(request.workingDirectory())) {
            throw new IllegalArgumentException("Working directory does not exist: " + request.workingDirectory());
        }
        String command = resolver.resolve();
        if (command == null) {
            throw new ClaudeUnavailableException(resolver.unavailableReason());
        }
        if (!slots.tryAcquire()) {
            throw new ClaudeCapacityException(properties.maxConcurrent(), properties.retryAfter());
        }
        try {
            return launch(command, request, onEvent);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private ClaudeRun launch(String command, ClaudeRequest request, Consumer<ClaudeEvent> onEvent) {
        try {
            Files.createDirectories(request.configDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Claude config directory " + request.configDirectory(), e);
        }
        Map<String, String> environment = new LinkedHashMap<>(ChildEnvironment.build(System.getenv(),
                properties, request.configDirectory()));
        // Inherited by everything the CLI starts, so its tool commands can be found even once re-parented.
        String runId = UUID.randomUUID().toString();
        environment.put(RUN_MARKER, runId);
        String runMarker = RUN_MARKER + "=" + runId;
        ProcessBuilder builder = new ProcessBuilder(arguments(command, request))
                .directory(request.workingDirectory().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ClaudeUnavailableException("Cannot launch Claude CLI '" + command + "' (set "
                    + CommandResolver.ENV_VARIABLE + " to the claude executable): " + e.getMessage(), e);
        }
        Duration timeout = request.timeout() != null ? request.timeout() : properties.turnTimeout();
        List<String> secrets = ChildEnvironment.SECRETS.stream().map(environment::get).filter(Objects::nonNull)
                .toList();
        records.started(process, command, runMarker);
        ClaudeRun run = new ClaudeRun(process, runMarker, onEvent, timeout, secrets, this::finished,
                request.approver(), request.configDirectory());
        live.add(run);
        log.debug("Started Claude CLI pid {} in {}", process.pid(), request.workingDirectory());
        run.begin(request.prompt());
        return run;
    }

    private void finished(ClaudeRun run) {
        records.ended(run.pid());
        live.remove(run);
        slots.release();
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    static List<String> arguments(String command, ClaudeRequest request) {
        List<String> args = new ArrayList<>(List.of(command, "-p", "--output-format", "stream-json", "--verbose"));
        if (request.approver() != null) {
            // The prompt then goes on stdin as a stream-json user message, and stdin stays open for the answers.
            args.addAll(List.of("--input-format", "stream-json", "--permission-prompt-tool", "stdio"));
        }
        if (request.resumeSessionId() != null) {
            args.addAll(List.of("--resume", request.resumeSessionId()));
        }
        if (request.model() != null) {
            args.addAll(List.of("--model", request.model()));
        }
        if (request.permissionMode() != null) {
            args.addAll(List.of("--permission-mode", request.permissionMode().cliValue()));
        }
        if (!request.allowedTools().isEmpty()) {
            args.addAll(List.of("--allowedTools", String.join(",", request.allowedTools())));
        }
        if (!request.disallowedTools().isEmpty()) {
            args.addAll(List.of("--disallowedTools", String.join(",", request.disallowedTools())));
        }
        if (request.maxTurns() != null) {
            args.addAll(List.of("--max-turns", request.maxTurns().toString()));
        }
        if (request.maxBudgetUsd() != null) {
            args.addAll(List.of("--max-budget-usd", request.maxBudgetUsd().toPlainString()));
        }
        if (request.appendSystemPrompt() != null) {
            args.addAll(List.of("--append-system-prompt", request.appendSystemPrompt()));
        }
        return args;
    }

    public boolean available() {
        return resolver.resolve() != null;
    }

    /** The command that {@link #start} runs, or, when the CLI is unavailable, the configured one (may be null). */
    public String command() {
        String resolved = resolver.resolve();
        return resolved != null ? resolved : properties.command();
    }

    /**
     * The credential variables ({@link ChildEnvironment#SECRETS}) that each CLI gets, by name; empty when none is
     * set, and then every turn fails with {@link FailureType#MISSING_CREDENTIALS}.
     */
    public List<String> credentials() {
        return ChildEnvironment.credentials(System.getenv(), properties);
    }

    /** CLI processes running now on this node. */
    public int running() {
        return live.size();
    }

    /** Why {@link #available()} is false, naming where it looked and the fix. */
    public String unavailableReason() {
        return resolver.unavailableReason();
    }

    /**
     * Waits until no CLI process runs on this node, or the timeout passes.
     *
     * @return true when none runs
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Kills every live run so no CLI process outlives Baton. */
    @PreDestroy
    public void cancelAll() {
        for (ClaudeRun run : List.copyOf(live)) {
            run.cancel();
        }
    }
}
