# syntax=docker/dockerfile:1
# Baton in a container: the Maven build (which also installs the pinned Claude CLI) runs in a JDK image with
# Node; the runtime image holds only a JRE, the jar and the CLI's native binary.

FROM eclipse-temurin:25-jdk AS build
# The CLI package declares engines node>=22 and Ubuntu's apt nodejs is 18, so take Node 22 from its own image.
# npm is needed only here: the installed claude binary is native and runs without Node.
COPY --from=node:22-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:22-bookworm-slim /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
# The pom alone decides the CLI version, so the slow CLI install is its own layer, rebuilt only when the pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B initialize
COPY src src
# The package step also builds the Temporal Web UI of the zero set-up run from its pinned npm packages (the jar serves
# it when no BATON_TEMPORAL_TARGET is set); the cache mounts keep that to one build per version of its sources.
# cp fails if the glob matches anything but the one Spring Boot jar.
RUN --mount=type=cache,target=/root/.m2 --mount=type=cache,target=/root/.npm \
    --mount=type=cache,target=/src/.temporal-ui ./mvnw -B -DskipTests package \
    && cp target/baton-*.jar /src/baton.jar

FROM eclipse-temurin:25-jre
# The CLI refuses bypassPermissions as root, and a process that runs model-chosen shell commands should not be
# root anyway. The home directory is the data directory, the only place baton may write.
RUN groupadd --system baton \
    && useradd --system --gid baton --home-dir /var/lib/baton --shell /usr/sbin/nologin baton \
    && mkdir -p /var/lib/baton \
    && chown baton:baton /var/lib/baton
WORKDIR /opt/baton
COPY --from=build /src/baton.jar /opt/baton/baton.jar
# Baton finds the CLI at ./.claude-cli/<version>/node_modules/.bin/claude, a symlink: copying the whole folder keeps
# it. Root owns these files, so neither baton nor the CLI can rewrite the binary.
COPY --from=build /src/.claude-cli /opt/baton/.claude-cli
# The example task files, applied at startup (both paused); mount a directory over it for your own.
COPY workflows /opt/baton/workflows
ENV BATON_DATA_DIR=/var/lib/baton
USER baton
EXPOSE 8080
# The JVM options Baton ships with, the same as the pom's baton.jvm.options (a test checks they agree): the serial
# collector, C1 compilation only, and a heap that starts small and gives memory back after a burst. Set JDK_JAVA_OPTIONS yourself to
# change them.
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20"
# The JRE is 25: the flag lets protobuf (under the Temporal SDK) use sun.misc.Unsafe without the four-line warning
# JDK 24+ prints at every start.
ENTRYPOINT ["java", "--sun-misc-unsafe-memory-access=allow", "-jar", "/opt/baton/baton.jar"]
