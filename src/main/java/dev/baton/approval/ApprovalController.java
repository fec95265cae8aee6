package dev.baton.approval;

import dev.baton.user.CurrentUser;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/approvals")
@Tag(name = "Approvals", description = "Tool calls that wait for a person to allow or deny them")
class ApprovalController {

    private final ApprovalService approvals;

    ApprovalController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Schema(example = """
            {"decision": "deny", "message": "Not on production; use the staging namespace."}""")
    record DecisionRequest(
            @NotNull @Pattern(regexp = "allow|deny", message = "must be 'allow' or 'deny'") String decision,
            @Size(max = 2000) String message) {
    }

    @GetMapping
    @Operation(summary = "Your approval requests (an admin's: everyone's), newest first; filter by status "
            + "(pending, allowed, denied, expired), sessionId or executionId")
    PageView<ApprovalView> list(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String status, @RequestParam(required = false) UUID sessionId,
            @RequestParam(required = false) UUID executionId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return approvals.list(user, status(status), sessionId, executionId, page, size);
    }

    private static ApprovalStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ApprovalStatus.from(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("status", "expected pending, allowed, denied or expired, got '"
                    + value + "'");
        }
    }

    @GetMapping("/{id}")
    @Operation(summary = "One approval request")
    ApprovalView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return approvals.get(user, id);
    }

    @PostMapping("/{id}")
    @Operation(summary = "Allow or deny a pending request; a deny's message reaches Claude as the tool's error")
    @ApiResponse(responseCode = "200", description = "The decided request")
    @ApiResponse(responseCode = "404", description = "No such request, or another user's")
    @ApiResponse(responseCode = "409", description = "Already decided or expired")
    ApprovalView decide(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody DecisionRequest request) {
        return approvals.decide(user, id, "allow".equals(request.decision()), request.message());
    }
}
