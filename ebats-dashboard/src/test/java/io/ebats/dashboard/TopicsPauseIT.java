package io.ebats.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overview's topic table: a topic paused and resumed with a click, its task waiting meanwhile. */
class TopicsPauseIT extends BrowserTestSupport {

    @Test
    void theTopicTablePausesATopicItsTaskWaitsAndResumeRunsIt() {
        openDashboard();
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-state"))).isEqualTo("active"));

        click(inRow("topic-row", "topic", topic, "topic-pause"));
        eventually(() -> assertThat(text(testid("banner-text")))
                .isEqualTo("Paused " + topic + ": its workers take no tasks until resumed."));
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-state"))).isEqualTo("paused"));
        assertThat(ebats.topics().isPaused(topic)).isTrue();
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-consumers"))).isEqualTo("0"));
        ebats.tasks().create(topic, "ok", Map.of("order_id", "P1"));
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-ready"))).isEqualTo("1"));
        browser.screenshot("dashboard-topic-paused");

        click(inRow("topic-row", "topic", topic, "topic-resume"));
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-state"))).isEqualTo("active"));
        eventually(() -> assertThat(text(inRow("topic-row", "topic", topic, "topic-ready"))).isEqualTo("0"));
        assertThat(ebats.topics().isPaused(topic)).isFalse();
    }
}
