package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Scenarios as the command line names them. */
class ScenarioTest {

    @Test
    void allIsEveryScenarioInDeclarationOrder() {
        assertThat(Scenario.parse("all")).containsExactly(Scenario.BASELINE, Scenario.DIRECT, Scenario.HISTORY, Scenario.TRACING,
                Scenario.EVENTS, Scenario.FANOUT, Scenario.DELAY);
    }

    @Test
    void aListKeepsTheDeclarationOrderWhateverItsOwn() {
        assertThat(Scenario.parse("events,baseline")).containsExactly(Scenario.BASELINE, Scenario.EVENTS);
        assertThat(Scenario.parse("history, direct")).containsExactly(Scenario.DIRECT, Scenario.HISTORY);
        assertThat(Scenario.parse("delay,FANOUT,delay")).containsExactly(Scenario.FANOUT, Scenario.DELAY);
    }

    @Test
    void anUnknownScenarioIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Scenario.parse("direct,burst"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario must be baseline, direct, history, tracing, events, fanout, delay or all, was 'burst'");
    }

    @Test
    void onlyFanoutTurnsAMessageIntoSeveralTasksAndOnlyDelayHasNoComparableThroughput() {
        assertThat(Scenario.FANOUT.tasksPerMessage()).isEqualTo(10);
        assertThat(Scenario.EVENTS.tasksPerMessage()).isEqualTo(1);
        assertThat(Scenario.DELAY.comparable()).isFalse();
        assertThat(Scenario.FANOUT.comparable()).isTrue();
    }
}
