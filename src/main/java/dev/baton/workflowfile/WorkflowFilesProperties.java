package dev.baton.workflowfile;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where tasks declared as files live: every {@code *.yaml} and {@code *.yml} directly in {@code dir}. */
@ConfigurationProperties("baton.workflows")
record WorkflowFilesProperties(@DefaultValue("./workflows") Path dir) {
}
