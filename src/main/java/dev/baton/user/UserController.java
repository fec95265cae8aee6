package dev.baton.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @Schema(example = """
            {"username": "alice", "role": "user"}""")
    record CreateUserRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}",
                    message = "must be 1-64 letters, digits, dots, dashes or underscores") String username,
            @NotNull Role role) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Create a user (admin only); the answer shows its API key once")
    @ApiResponse(responseCode = "201", description = "The user with its apiKey, shown this once")
    @ApiResponse(responseCode = "403", description = "Only an admin may create users")
    @ApiResponse(responseCode = "409", description = "The username is taken")
    CreatedUser create(@Valid @RequestBody CreateUserRequest request) {
        return users.create(request.username(), request.role());
    }
}
