package dev.baton.usage;

import dev.baton.web.BudgetExhaustedException;
import dev.baton.web.ProblemResponses;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused budget as problem details; ahead of the general handler, whose catch-all would take it otherwise. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UsageProblems {

    static final URI BUDGET_EXHAUSTED = URI.create("urn:baton:problem:" + BudgetExhaustedException.TYPE);

    @ExceptionHandler(BudgetExhaustedException.class)
    ProblemDetail budgetExhausted(BudgetExhaustedException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.PAYMENT_REQUIRED, e.getMessage());
        problem.setType(BUDGET_EXHAUSTED);
        problem.setTitle("Budget exhausted");
        problem.setProperty("code", BudgetExhaustedException.TYPE);
        problem.setProperty("limit", "monthlyBudgetUsd");
        problem.setProperty("monthlyBudgetUsd", e.monthlyBudgetUsd());
        problem.setProperty("spentUsd", e.spentUsd());
        problem.setProperty("resetsAt", e.resetsAt().toString());
        return problem;
    }
}
