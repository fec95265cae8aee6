package dev.baton.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param slots how many task executions may hold a turn slot at once, over all worker nodes
 *        ({@code BATON_FAIR_SHARE_SLOTS}; by default this node's CLI cap, right for one worker)
 */
@ConfigurationProperties("baton.fair-share")
record FairShareProperties(int slots) {

    FairShareProperties {
        if (slots < 1) {
            throw new IllegalArgumentException("baton.fair-share.slots must be at least 1, was " + slots);
        }
    }
}
