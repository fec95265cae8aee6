package dev.baton.usage;

import dev.baton.user.CurrentUser;
import dev.baton.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Usage", description = "Cost, tokens, turns and executions, from the stored turns")
class UsageController {

    private final UsageQuery usage;
    private final Clock clock = Clock.systemUTC();

    UsageController(UsageQuery usage) {
        this.usage = usage;
    }

    @GetMapping("/api/v1/usage")
    @Operation(summary = "Cost, tokens, turns and executions between from and to, grouped by day, task or user; "
            + "yours, or everyone's for an admin")
    @ApiResponse(responseCode = "200", description = "The groups and their total")
    @ApiResponse(responseCode = "400", description = "A bad from, to or groupBy, named in errors")
    UsageReport usage(@AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "ISO instant or date (UTC); default: the start of this month")
            @RequestParam(required = false) String from,
            @Parameter(description = "ISO instant or date (UTC), exclusive; default: now")
            @RequestParam(required = false) String to,
            @Parameter(description = "day, task or user") @RequestParam(defaultValue = "day") String groupBy) {
        Instant now = clock.instant();
        Instant start = from == null ? MonthWindow.of(now).start() : instant("from", from);
        Instant end = to == null ? now : instant("to", to);
        if (start.isAfter(end)) {
            throw new InvalidFieldException("from", "must not be after to (" + start + " is after " + end + ")");
        }
        UsageQuery.GroupBy group = Arrays.stream(UsageQuery.GroupBy.values())
                .filter(g -> g.jsonValue().equals(groupBy)).findFirst()
                .orElseThrow(() -> new InvalidFieldException("groupBy", "must be one of " + Arrays.stream(
                        UsageQuery.GroupBy.values()).map(UsageQuery.GroupBy::jsonValue).collect(Collectors.joining(
                        ", "))));
        return usage.report(start, end, group, user.isAdmin() ? null : user.id());
    }

    private static Instant instant(String field, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be an ISO instant (2026-12-01T00:00:00Z) or date "
                    + "(2026-12-01)");
        }
    }
}
