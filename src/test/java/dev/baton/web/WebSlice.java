package dev.baton.web;

import dev.baton.user.CurrentUser;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * What a {@code @WebMvcTest} of one controller needs besides the controller: the strict JSON rules and the problem
 * details Baton answers with, as in the application. Slices run without the servlet filters
 * ({@code @AutoConfigureMockMvc(addFilters = false)}): authentication and authorization are the business of the
 * full-context security suites, and {@link #as} stands in for the API key filter. A slice test calls
 * {@link #signOut()} after each test, since no filter clears what {@link #as} set.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({StrictJsonConfig.class, ProblemResponses.class})
@EnableConfigurationProperties(RequestSizeFilter.WebProperties.class)
public class WebSlice {

    /** The request as {@code user} makes it, as the API key filter would have recognised them. */
    public static RequestPostProcessor as(CurrentUser user) {
        return request -> {
            SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()))));
            return request;
        };
    }

    public static void signOut() {
        SecurityContextHolder.clearContext();
    }
}
