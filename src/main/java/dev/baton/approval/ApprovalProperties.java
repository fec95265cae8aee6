package dev.baton.approval;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.approvals.*}.
 *
 * @param sessionTimeout how long a session's tool call waits for a decision when the session sets no
 *        {@code approvalTimeout}; then it is denied
 * @param pollInterval how often a node that waits for decisions looks for those taken on other nodes
 */
@ConfigurationProperties("baton.approvals")
public record ApprovalProperties(@DefaultValue("10m") Duration sessionTimeout,
        @DefaultValue("1s") Duration pollInterval) {
}
