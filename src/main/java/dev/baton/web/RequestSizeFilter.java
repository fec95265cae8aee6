package dev.baton.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized bodies up front with 413, before anything reads them into memory. Prompts have their own,
 * finer limit; this one only keeps a huge upload from costing a node its heap.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeFilter extends OncePerRequestFilter {

    @ConfigurationProperties("baton.web")
    record WebProperties(@DefaultValue("2MB") DataSize maxRequestSize) {
    }

    private final long limit;
    private final ProblemResponses problems;

    RequestSizeFilter(WebProperties properties, ProblemResponses problems) {
        this.limit = properties.maxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            problems.write(response, HttpStatus.valueOf(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE),
                    "body: larger than this server's limit of " + limit + " bytes; send less, or "
                            + "raise BATON_WEB_MAX_REQUEST_SIZE");
            return;
        }
        chain.doFilter(request, response);
    }
}
