package dev.nonstop.agent.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nonstop.common.problem.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchTemplateTest {

    @Test
    void portAndInstanceAreExpandedAndADoubledDollarIsOneDollar() {
        assertThat(LaunchTemplate.expand(
                        "--server.port=${PORT} --name=shop-${INSTANCE} $$HOME $$${PORT}", 8081, "shop-1"))
                .isEqualTo("--server.port=8081 --name=shop-shop-1 $HOME $8081");
        assertThat(LaunchTemplate.expandAll(Map.of("LOG", "/var/log/${INSTANCE}.log"), 8081, "shop-1"))
                .containsEntry("LOG", "/var/log/shop-1.log");
    }

    @Test
    void anUnknownVariableIsNamedWithItsFieldAndTheKnownOnes() {
        assertThat(LaunchTemplate.checkAll("apps[0].args", List.of("--port=${PORT}", "--x=${FOO}")))
                .extracting(Problem::toString)
                .containsExactly("apps[0].args[1]: unknown variable ${FOO}; known: PORT, INSTANCE");
        assertThat(LaunchTemplate.check("env.X", "${PORT"))
                .map(Problem::toString)
                .hasValue("env.X: unclosed variable ${PORT; known: PORT, INSTANCE");
        assertThat(LaunchTemplate.check("env.X", "a $ b $1 ${INSTANCE}")).isEmpty();
    }

    @Test
    void anInstanceSpecNamingAnUnknownVariableOrSettingWhatTheAgentSetsIsRefusedWhole() {
        assertThatThrownBy(() -> new InstanceSpec(
                        "shop-1",
                        "shop",
                        "v1",
                        8081,
                        Map.of("SERVER_PORT", "9000", "A", "${HOST}"),
                        List.of("-Dport=${PORT}"),
                        List.of("--x=${FOO}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("env.SERVER_PORT: 9000 (expected: not set here: the agent sets SERVER_PORT)")
                .hasMessageContaining("env.A: unknown variable ${HOST}; known: PORT, INSTANCE")
                .hasMessageContaining("args[0]: unknown variable ${FOO}; known: PORT, INSTANCE");
    }

    @Test
    void theJsonOfASpecCarriesItsArgs() {
        InstanceSpec spec = new InstanceSpec(
                "shop-1", "shop", "v1", 8081, Map.of(), List.of("-Xmx64m"), List.of("--name=${INSTANCE}"));
        assertThat(AgentJson.toSpec(AgentJson.spec(spec))).isEqualTo(spec);
    }
}
