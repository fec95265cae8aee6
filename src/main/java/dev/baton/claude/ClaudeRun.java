package dev.baton.claude;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One live Claude CLI process: its stream is delivered as events, and its whole process tree dies with it. */
public final class ClaudeRun {

    private static final Logger log = LoggerFactory.getLogger(ClaudeRun.class);

    private static final int STDERR_TAIL_CHARS = 8 * 1024;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    /** How long a run stopped for an approval may take to write the tool call to its transcript. */
    private static final Duration TRANSCRIPT_WAIT = Duration.ofSeconds(5);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    // How often a long wait notes how many pids the machine handed out (see NewPids): one small file read.
    private static final long PID_COUNT_MILLIS = 10_000;

    private final Process process;
    private final String runMarker;
    private final Consumer<ClaudeEvent> onEvent;
    private final Duration timeout;
    private final List<String> secrets;
    private final Consumer<ClaudeRun> onEnd;
    private final TurnTracker tracker = new TurnTracker();
    private final TailBuffer stderr = new TailBuffer(STDERR_TAIL_CHARS);
    private final NewPids newPids;
    private final AtomicReference<FailureType> killedAs = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    // Lines taken from stdout so far, and whether the reader is handling one (rather than waiting for the next):
    // together they tell a reader held up by a slow consumer from one waiting on a pipe nobody will close.
    private final AtomicLong stdoutLines = new AtomicLong();
    private volatile boolean handlingLine;
    private final CompletableFuture<ClaudeOutcome> outcome = new CompletableFuture<>();
    // With an approver the CLI reads stream-json from stdin, which stays open for the answers until the result.
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ToolApprover approver;
    private final Path configDirectory;
    private final Object stdinLock = new Object();
    private OutputStream stdin;

    /**
     * @param runMarker the {@code NAME=value} environment entry every process of this run inherits
     * @param approver decides the CLI's {@code can_use_tool} requests; null when the CLI runs without them
     * @param configDirectory the CLI's {@code CLAUDE_CONFIG_DIR}, where its transcripts are
     */
    ClaudeRun(Process process, String runMarker, Consumer<ClaudeEvent> onEvent, Duration timeout,
            List<String> secrets, Consumer<ClaudeRun> onEnd, ToolApprover approver, Path configDirectory) {
        this.approver = approver;
        this.configDirectory = configDirectory;
        this.process = process;
        this.runMarker = runMarker;
        this.onEvent = onEvent;
        this.timeout = timeout;
        this.secrets = secrets.stream().filter(s -> s.length() >= 8).toList();
        this.onEnd = onEnd;
        this.newPids = NewPids.after(process.pid());
    }

    void begin(String prompt) {
        long pid = process.pid();
        if (approver == null) {
            Thread.ofVirtual().name("claude-stdin-" + pid).start(() -> writePrompt(prompt));
        } else {
            stdin = process.getOutputStream();
            Thread.ofVirtual().name("claude-stdin-" + pid).start(() -> writeStreamPrompt(prompt));
        }
        Thread stdoutReader = Thread.ofVirtual().name("claude-stdout-" + pid).start(this::readStdout);
        Thread stderrReader = Thread.ofVirtual().name("claude-stderr-" + pid).start(this::readStderr);
        Thread.ofVirtual().name("claude-supervisor-" + pid).start(() -> supervise(stdoutReader, stderrReader));
    }

    /** Blocks until the process has ended and every stdout line has been delivered to the consumer. */
    public ClaudeOutcome await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Claude run supervisor failed", e.getCause());
        }
    }

    /** Completes with the same outcome {@link #await()} returns; for callers that do not want to block. */
    public CompletableFuture<ClaudeOutcome> completion() {
        return outcome.copy();
    }

    /** Kills the whole process tree; the outcome then reports {@link FailureType#CANCELLED}. No-op once ended. */
    public void cancel() {
        kill(FailureType.CANCELLED);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The session id from the stream, once a line carrying one has arrived; else null. */
    public String sessionId() {
        return tracker.sessionId();
    }

    private void writePrompt(String prompt) {
        // Closing stdin matters: with -p and stdin left open the CLI waits 3 s for more input.
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The CLI exited before reading all of it; its exit code and stderr tell why.
            log.debug("Could not write the prompt to Claude CLI pid {}: {}", process.pid(), e.getMessage());
        }
    }

    private void writeStreamPrompt(String prompt) {
        ObjectNode init = JSON.createObjectNode().put("type", "control_request").put("request_id", "init-1");
        init.putObject("request").put("subtype", "initialize").putNull("hooks");
        ObjectNode user = JSON.createObjectNode().put("type", "user");
        user.putObject("message").put("role", "user").put("content", prompt);
        user.putNull("parent_tool_use_id").put("session_id", "default");
        writeLine(init);
        writeLine(user);
    }

    /** Writes one stream-json line to the CLI; false once stdin is closed or the CLI has gone. */
    private boolean writeLine(JsonNode line) {
        synchronized (stdinLock) {
            if (stdin == null) {
                return false;
            }
            try {
                stdin.write((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                return true;
            } catch (IOException e) {
                log.debug("Could not write to Claude CLI pid {}: {}", process.pid(), e.getMessage());
                return false;
            }
        }
    }

    /** After the result line the CLI exits once its stdin closes. */
    private void closeStdin() {
        synchronized (stdinLock) {
            if (stdin == null) {
                return;
            }
            try {
                stdin.close();
            } catch (IOException ignored) {
                // It has gone already.
            }
            stdin = null;
        }
    }

    /** Control lines are the host protocol, not conversation: answered here, never delivered as events. */
    private boolean control(ClaudeEvent event) {
        String type = event.type();
        if ("control_response".equals(type) || "control_cancel_request".equals(type)) {
            return true;
        }
        if (!"control_request".equals(type)) {
            return false;
        }
        JsonNode raw = event.raw();
        String requestId = raw.path("request_id").asString("");
        JsonNode request = raw.path("request");
        if (!"can_use_tool".equals(request.path("subtype").asString("")) || approver == null) {
            respond(requestId, JSON.createObjectNode().put("subtype", "error").put("request_id", requestId)
                    .put("error", "Baton does not handle this control request"));
            return true;
        }
        JsonNode input = request.path("input");
        var call = new ToolApprover.ToolCall(requestId, request.path("tool_name").asString(""),
                input.isObject() ? input.toString() : "{}", request.path("description").asString(null));
        AtomicBoolean answered = new AtomicBoolean();
        try {
            approver.ask(call, answer -> {
                if (answered.compareAndSet(false, true)) {
                    if (answer.stop()) {
                        // Not on the reader thread, which must go on draining stdout while the tree dies.
                        String toolUseId = request.path("tool_use_id").asString("");
                        Thread.ofVirtual().name("claude-stop-" + process.pid()).start(
                                () -> stopOnceTranscribed(toolUseId));
                    } else {
                        respond(requestId, answerBody(requestId, answer, input));
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("The tool approver failed on a {} call (pid {}); denying it", call.toolName(), process.pid(), e);
            if (answered.compareAndSet(false, true)) {
                respond(requestId, answerBody(requestId, ToolApprover.ToolAnswer.denied(
                        "denied: the approval could not be recorded"), input));
            }
        }
        return true;
    }

    private static ObjectNode answerBody(String requestId, ToolApprover.ToolAnswer answer, JsonNode input) {
        ObjectNode body = JSON.createObjectNode().put("subtype", "success").put("request_id", requestId);
        ObjectNode decision = body.putObject("response");
        if (answer.allow()) {
            decision.put("behavior", "allow").set("updatedInput", input.isObject() ? input : JSON.createObjectNode());
        } else {
            decision.put("behavior", "deny").put("message", answer.message() == null ? "denied" : answer.message());
        }
        return body;
    }

    private void respond(String requestId, ObjectNode response) {
        ObjectNode line = JSON.createObjectNode().put("type", "control_response");
        line.set("response", response);
        if (!writeLine(line)) {
            log.debug("Claude CLI pid {} has gone; the answer to {} was dropped", process.pid(), requestId);
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                handlingLine = true;
                stdoutLines.incrementAndGet();
                try {
                    handle(line);
                } finally {
                    handlingLine = false;
                }
            }
        } catch (IOException e) {
            log.debug("Claude CLI stdout closed (pid {}): {}", process.pid(), e.getMessage());
        }
    }

    private void handle(String line) {
        ClaudeEvent event = ClaudeStreamParser.parse(line);
        tracker.accept(line, event);
        if (event == null) {
            log.debug("Skipping a Claude CLI stdout line that is not a JSON object (pid {})", process.pid());
            return;
        }
        if (approver != null && control(event)) {
            return;
        }
        deliver(event);
        if (approver != null && event instanceof ResultEvent) {
            closeStdin();
        }
    }

    private void deliver(ClaudeEvent event) {
        try {
            onEvent.accept(event);
        } catch (RuntimeException e) {
            log.warn("Claude event consumer failed on a {} event (pid {}); continuing", event.type(), process.pid(), e);
        }
    }

    private void readStderr() {
        try (Reader reader = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int read;
            while ((read = reader.read(buffer)) != -1) {
                stderr.append(buffer, 0, read);
            }
        } catch (IOException e) {
            log.debug("Claude CLI stderr closed (pid {}): {}", process.pid(), e.getMessage());
        }
    }

    private void supervise(Thread stdoutReader, Thread stderrReader) {
        ClaudeOutcome result;
        try {
            int exitCode = waitForExit();
            // Whatever the CLI started and left behind must not outlive the run. Its exit re-parented those out of
            // descendants()' sight, but they carry the run's marker: one look through /proc, once per turn.
            ProcessTree.destroy(ProcessTree.withEnvironmentEntry(runMarker, newPids.candidates()), KILL_WAIT);
            drainStdout(stdoutReader);
            drain(stderrReader, process.getErrorStream());
            result = redact(tracker.outcome(exitCode, stderr.toString(), killedAs.get()));
        } catch (InterruptedException e) {
            killTree();
            result = new ClaudeOutcome(null, new ClaudeFailure(FailureType.CANCELLED,
                    "Claude run supervisor was interrupted", null), -1, redactText(stderr.toString()));
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            killTree();
            result = new ClaudeOutcome(null, new ClaudeFailure(FailureType.CLI_CRASHED,
                    "Supervising the Claude CLI failed: " + e, null), -1, redactText(stderr.toString()));
        }
        if (approver != null) {
            closeStdin();
            try {
                approver.runEnded();
            } catch (RuntimeException e) {
                log.warn("The tool approver failed at the end of Claude CLI pid {}", process.pid(), e);
            }
        }
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
        }
        outcome.complete(result);
    }

    /**
     * Blocks until the CLI exits, without looking at the process tree: a turn spends most of its life waiting on the
     * model, and a look at every process under /proc twice a second cost more CPU than everything else Baton did for
     * the turn. The tool processes the CLI started are found when they matter, by the run marker they inherit (see
     * {@link #killTree()} and {@link #supervise}), even once re-parented. The wait wakes every
     * {@value #PID_COUNT_MILLIS} ms only to read one counter for {@link NewPids}.
     */
    private int waitForExit() throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                kill(FailureType.TIMED_OUT);
                return process.waitFor();
            }
            if (process.waitFor(Math.min(left, PID_COUNT_MILLIS), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            newPids.observe();
        }
    }

    /** Kills the run once the resumed turn will find the tool call it stopped for (see {@link Transcript}). */
    private void stopOnceTranscribed(String toolUseId) {
        try {
            String sessionId = sessionId();
            if (configDirectory != null && sessionId != null && !toolUseId.isEmpty()
                    && !Transcript.awaitMention(configDirectory, sessionId, toolUseId, TRANSCRIPT_WAIT)) {
                log.warn("Claude CLI pid {} had not written tool call {} to its transcript after {}; stopping it anyway",
                        process.pid(), toolUseId, TRANSCRIPT_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill(FailureType.CANCELLED);
    }

    private void kill(FailureType reason) {
        if (!process.isAlive()) {
            return;
        }
        killedAs.compareAndSet(null, reason);
        killTree();
    }

    private void killTree() {
        ProcessTree.kill(process, KILL_WAIT);
        ProcessTree.destroy(ProcessTree.withEnvironmentEntry(runMarker, newPids.candidates()), KILL_WAIT);
    }

    /**
     * Waits for the stdout reader to deliver every line the CLI wrote. Under load the consumer (which stores each
     * message) can lag well behind a CLI that has already exited; that reader is waited for as long as it makes
     * progress, up to the turn timeout. Only a reader that waits for more bytes on a pipe something else still
     * holds open is stopped after the grace.
     */
    private void drainStdout(Thread reader) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long lines = stdoutLines.get();
        while (!reader.join(DRAIN_GRACE)) {
            boolean progressing = handlingLine || stdoutLines.get() != lines;
            if (!progressing || Instant.now().isAfter(deadline)) {
                stopReading(reader, process.getInputStream());
                return;
            }
            lines = stdoutLines.get();
        }
    }

    /** Waits for a reader to reach end of stream; if something still holds the pipe open, stops reading. */
    private void drain(Thread reader, InputStream stream) throws InterruptedException {
        if (reader.join(DRAIN_GRACE)) {
            return;
        }
        stopReading(reader, stream);
    }

    private void stopReading(Thread reader, InputStream stream) throws InterruptedException {
        log.warn("Claude CLI pid {} exited but its output is still open; closing it", process.pid());
        try {
            stream.close();
        } catch (IOException ignored) {
            // Closing is best effort; the reader is abandoned either way.
        }
        reader.join(DRAIN_GRACE);
    }

    private ClaudeOutcome redact(ClaudeOutcome raw) {
        ClaudeFailure failure = raw.failure() == null ? null : raw.failure().redacted(this::redactText);
        return new ClaudeOutcome(raw.result(), failure, raw.exitCode(), redactText(raw.stderrTail()));
    }

    private String redactText(String text) {
        String redacted = text;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "[redacted]");
        }
        return redacted;
    }
}
