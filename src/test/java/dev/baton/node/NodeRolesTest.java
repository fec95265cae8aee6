package dev.baton.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class NodeRolesTest {

    @Test
    void parsesEitherRoleOrBoth() {
        assertThat(NodeRoles.parse("api,worker")).isEqualTo(new NodeRoles(true, true));
        assertThat(NodeRoles.parse(" Worker ")).isEqualTo(new NodeRoles(false, true));
        assertThat(NodeRoles.parse("api,")).isEqualTo(new NodeRoles(true, false));
    }

    @Test
    void hasBothRolesByDefault() {
        assertThat(NodeRoles.of(new StandardEnvironment())).isEqualTo(new NodeRoles(true, true));
    }

    @Test
    void rejectsUnknownRoleNamingIt() {
        assertThatThrownBy(() -> NodeRoles.parse("api,wroker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'wroker'")
                .hasMessageContaining("baton.roles");
    }

    @Test
    void rejectsEmptyList() {
        assertThatThrownBy(() -> NodeRoles.parse(" , ")).hasMessageContaining("names no role");
    }

    @Test
    void startupFailsOnUnknownRole() {
        var env = environment(Map.of("baton.roles", "scheduler"));
        assertThatThrownBy(() -> new NodeRolesEnvironmentPostProcessor().postProcessEnvironment(env,
                new SpringApplication())).hasMessageContaining("'scheduler'");
    }

    @Test
    void apiOnlyNodeStartsNoTemporalWorkers() {
        var env = environment(Map.of("baton.roles", "api"));
        new NodeRolesEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.temporal.start-workers")).isEqualTo("false");
    }

    @Test
    void workerNodeLeavesTemporalWorkersAlone() {
        var env = environment(Map.of("baton.roles", "worker", "spring.temporal.start-workers", "true"));
        new NodeRolesEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.temporal.start-workers")).isEqualTo("true");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}
