package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.cli.handlers.BuiltInHandlers;
import io.ebats.cli.handlers.DemoTasks;
import io.ebats.cli.handlers.DiagnosticTasks;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerSetTest {

    @Test
    void builtInsHandleTheDemoShopAndDiagnosticTasks() {
        assertThat(HandlerSet.of(List.of()).tasks()).containsExactly("closeOrder", "diag.fail", "diag.flaky",
                "diag.noop", "diag.sleep", "orderAsync", "virtualShipping");
        assertThat(BuiltInHandlers.taskNames(DemoTasks.class)).containsExactly("closeOrder", "orderAsync",
                "virtualShipping");
        assertThat(BuiltInHandlers.taskNames(DiagnosticTasks.class)).hasSize(4);
    }

    @Test
    void userClassReplacesTheBuiltInClassWhoseTaskItHandles() {
        HandlerSet handlers = HandlerSet.of(List.of(GreetingTasks.class.getName()));

        assertThat(handlers.tasks()).contains("greet", "closeOrder", "diag.noop")
                .doesNotContain("virtualShipping", "orderAsync");
    }

    @Test
    void missingClassIsNamed() {
        assertThatThrownBy(() -> HandlerSet.of(List.of("com.example.Nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler class com.example.Nope not found on the class path");
    }

    @Test
    void classWithoutHandlerMethodsIsRefused() {
        assertThatThrownBy(() -> HandlerSet.of(List.of(StringBuilder.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no public @HandlesTask method");
    }

    @Test
    void classWithoutNoArgumentConstructorIsRefused() {
        assertThatThrownBy(() -> HandlerSet.of(List.of(Integer.class.getName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public no-argument constructor");
    }
}
