package dev.baton.node;

import dev.baton.web.ProblemResponses;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

@Configuration(proxyBeanMethods = false)
class NodeConfig {

    /** Other beans ask it, e.g. {@code @EventListener(condition = "@nodeRoles.api()")}. */
    @Bean
    NodeRoles nodeRoles(Environment env) {
        return NodeRoles.of(env);
    }

    /** Ahead of Spring Security, so a worker node answers 404 whatever key the caller sends. */
    @Bean
    @Conditional(WithoutApiRole.class)
    FilterRegistrationBean<NoApiFilter> noApiFilter(ProblemResponses problems) {
        var registration = new FilterRegistrationBean<>(new NoApiFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class WithoutApiRole implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !NodeRoles.of(context.getEnvironment()).api();
        }
    }
}
