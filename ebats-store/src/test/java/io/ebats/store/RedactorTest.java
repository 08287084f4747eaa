package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = new Redactor(Set.of("password", "Token"));

    @Test
    void leavesTextWithoutAKeyAsItIs() {
        String json = "{\"user\":\"password\",\"note\":\"my token\",\"n\":[1,\"password\"]}";
        assertThat(redactor.redact(json)).isSameAs(json);
    }

    @Test
    void redactsANameFollowedBySpaceBeforeItsColonInAnyCase() {
        assertThat(redactor.redact("{\"a\":{\"PassWord\" :\"x\",\"b\":1},\"token\"\n:2}"))
                .isEqualTo("{\"a\":{\"PassWord\":\"***\",\"b\":1},\"token\":\"***\"}");
    }

    @Test
    void aKeyThatIsOnlyPartOfANameIsNotRedacted() {
        String json = "{\"password_hint\":\"x\",\"tokens\":3}";
        assertThat(redactor.redact(json)).isSameAs(json);
    }

    @Test
    void textThatIsNotJsonIsKeptAsItIsUnlessItMentionsAKey() {
        assertThat(redactor.redact("\"user\": not json")).isEqualTo("\"user\": not json");
        assertThat(redactor.redact("{\"é\": [1,")).isEqualTo("{\"é\": [1,");
        assertThat(redactor.redact("{\"password\": \"hunter2\", broken")).isEqualTo(Redactor.UNREADABLE);
        assertThat(redactor.redact("{\"TOKEN")).isEqualTo(Redactor.UNREADABLE);
    }

    @Test
    void jsonNestedDeeperThanTheParserAllowsIsNotStoredWithItsSecret() {
        String deep = "[".repeat(5000) + "{\"password\":\"hunter2\"}" + "]".repeat(5000);
        assertThat(redactor.redact(deep)).isEqualTo(Redactor.UNREADABLE);
    }

    @Test
    void aKeyOfSixtyFourCharactersOrMoreIsRedactedToo() {
        String longKey = "k".repeat(70);
        Redactor longKeys = new Redactor(Set.of(longKey, "pin"));

        assertThat(longKeys.redact("{\"" + longKey + "\":1,\"pin\":2,\"" + "k".repeat(71) + "\":3}"))
                .isEqualTo("{\"" + longKey + "\":\"***\",\"pin\":\"***\",\"" + "k".repeat(71) + "\":3}");
    }
}
