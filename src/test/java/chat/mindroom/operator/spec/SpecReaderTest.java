package chat.mindroom.operator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import chat.mindroom.operator.document.JsonDocument;
import chat.mindroom.operator.document.YamlDocument;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecReaderTest {

    /** A hand-written catalog: only "big" allows custom domains, "tiny" has no Matrix. */
    static final TierRules RULES = new TierRules() {
        @Override
        public Set<String> tierNames() {
            return Set.of("tiny", "big");
        }

        @Override
        public boolean exists(String tier) {
            return tierNames().contains(tier);
        }

        @Override
        public boolean allowsCustomDomains(String tier) {
            return tier.equals("big");
        }

        @Override
        public boolean allowsMatrix(String tier) {
            return tier.equals("big");
        }
    };

    private final SpecReader reader = new SpecReader(RULES, "mindroom.chat");

    private SpecReader.Result json(String json) {
        return reader.read(JsonDocument.parse(json));
    }

    @Test
    void defaultsFillEveryOmittedField() {
        InstanceSpec spec = json("{\"tier\":\"tiny\"}").spec().orElseThrow();
        assertThat(spec).isEqualTo(InstanceSpec.ofTier("tiny"));
        assertThat(spec.backupOnDelete()).isTrue();
        assertThat(spec.suspended()).isFalse();
        assertThat(spec.matrix().enabled()).isFalse();
    }

    @Test
    void readsEveryField() {
        InstanceSpec spec = json("""
                {"tier":"big","account":"acc_1","limits":{"memoryMb":3072,"cpu":1.50},
                 "matrix":{"enabled":true,"server":"synapse"},"domains":["Chat.Acme.com","a.acme.com"],
                 "release":"v2.0.1","suspended":true,"backupOnDelete":false}""").spec().orElseThrow();
        assertThat(spec.account()).contains("acc_1");
        assertThat(spec.limits().memoryMb()).contains(3072);
        assertThat(spec.limits().cpu()).contains(new BigDecimal("1.5"));
        assertThat(spec.matrix()).isEqualTo(new MatrixSpec(true, MatrixServer.SYNAPSE));
        assertThat(spec.domains()).containsExactly("a.acme.com", "chat.acme.com");
        assertThat(spec.release()).contains("v2.0.1");
        assertThat(spec.suspended()).isTrue();
        assertThat(spec.backupOnDelete()).isFalse();
    }

    @Test
    void yamlAndJsonOfTheSameSpecAreEqual() {
        InstanceSpec fromYaml = reader.read(YamlDocument.parse("tier: big\nlimits: {cpu: 0.5, memoryMb: 100}\n"))
                .spec().orElseThrow();
        InstanceSpec fromJson = json("{\"limits\":{\"memoryMb\":100,\"cpu\":0.50},\"tier\":\"big\"}").spec().orElseThrow();
        assertThat(fromYaml).isEqualTo(fromJson);
        assertThat(JsonDocument.writeString(fromYaml.toTree())).isEqualTo(JsonDocument.writeString(fromJson.toTree()));
    }

    @Test
    void theCanonicalTreeReadsBackToTheSameSpec() {
        InstanceSpec spec = json("{\"tier\":\"big\",\"limits\":{\"cpu\":2},\"domains\":[\"x.example.org\"],"
                + "\"matrix\":{\"enabled\":true}}").spec().orElseThrow();
        Object roundTrip = JsonDocument.parse(JsonDocument.write(spec.toTree()));
        assertThat(reader.read(roundTrip).spec()).contains(spec);
    }

    @Test
    void tierRulesAreApplied() {
        assertThat(json("{\"tier\":\"tiny\",\"matrix\":{\"enabled\":true}}").errors())
                .containsExactly(new FieldError("matrix.enabled", "the tiny tier does not include Matrix"));
        assertThat(json("{\"tier\":\"tiny\",\"domains\":[\"a.example.com\"]}").errors())
                .extracting(FieldError::field).containsExactly("domains");
        // Matrix configured but off is fine on a tier without Matrix.
        assertThat(json("{\"tier\":\"tiny\",\"matrix\":{\"enabled\":false,\"server\":\"synapse\"}}").errors()).isEmpty();
    }

    @Test
    void boundsAreInclusive() {
        assertThat(json("{\"tier\":\"tiny\",\"limits\":{\"memoryMb\":64,\"cpu\":0.05}}").errors()).isEmpty();
        assertThat(json("{\"tier\":\"tiny\",\"limits\":{\"memoryMb\":65536,\"cpu\":64}}").errors()).isEmpty();
        assertThat(json("{\"tier\":\"tiny\",\"limits\":{\"cpu\":0.125}}").errors())
                .extracting(FieldError::field).containsExactly("limits.cpu");
    }

    @Test
    void domainRules() {
        assertThat(reader.domainProblem("chat.acme.com")).isEmpty();
        assertThat(reader.domainProblem("xn--bcher-kva.example")).isEmpty();
        assertThat(reader.domainProblem("acme")).isPresent();
        assertThat(reader.domainProblem("-bad.example.com")).isPresent();
        assertThat(reader.domainProblem("bad-.example.com")).isPresent();
        assertThat(reader.domainProblem("a..example.com")).isPresent();
        assertThat(reader.domainProblem("example.123")).isPresent();
        assertThat(reader.domainProblem("*.example.com")).isPresent();
        assertThat(reader.domainProblem("a b.example.com")).isPresent();
        assertThat(reader.domainProblem("mindroom.chat")).isPresent();
        assertThat(reader.domainProblem("x.acme.mindroom.chat")).isPresent();
        assertThat(reader.domainProblem("notmindroom.chat")).isEmpty();
        assertThat(reader.domainProblem("a".repeat(250) + ".com")).isPresent();
    }

    @Test
    void tooManyDomainsIsOneError() {
        StringBuilder domains = new StringBuilder();
        for (int i = 0; i <= SpecReader.MAX_DOMAINS; i++) {
            domains.append(i == 0 ? "" : ",").append("\"d").append(i).append(".example.com\"");
        }
        assertThat(json("{\"tier\":\"big\",\"domains\":[" + domains + "]}").errors())
                .extracting(FieldError::field).containsExactly("domains");
    }

    @Test
    void instanceNames() {
        assertThat(InstanceName.problem("acme")).isEmpty();
        assertThat(InstanceName.problem("a1-b2")).isEmpty();
        assertThat(InstanceName.problem("a".repeat(30))).isEmpty();
        for (String bad : List.of("ab", "a".repeat(31), "1acme", "Acme", "acme-", "ac_me", "ac.me", "ac--me", "-acme")) {
            assertThat(InstanceName.problem(bad)).as(bad).isPresent();
        }
    }

    @Test
    void errorsNeverStopAtTheFirstField() {
        SpecReader.Result result = json("{\"tier\":1,\"account\":2,\"limits\":[],\"matrix\":3,\"domains\":\"x\","
                + "\"release\":\"a b\",\"suspended\":\"no\",\"backupOnDelete\":null,\"unknown\":0}");
        assertThat(result.spec()).isEqualTo(Optional.empty());
        assertThat(result.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("unknown", "tier", "account", "limits", "matrix", "domains", "release",
                        "suspended");
    }
}
