package dev.baton;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// Spring Data's timer per repository method: a hundred series nobody charts, and timing each of the fifty queries of
// a task execution cost CPU even with the series filtered out.
@SpringBootApplication(exclude = DataRepositoryMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
public class BatonApplication {

    public static void main(String[] args) {
        SpringApplication.run(BatonApplication.class, args);
    }
}
