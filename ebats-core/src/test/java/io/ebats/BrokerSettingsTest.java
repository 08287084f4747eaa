package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerSettingsTest {

    private static final String SECRET = "S3cr3tPw";

    @Test
    void defaultsAreTheLocalBroker() {
        BrokerSettings d = BrokerSettings.defaults();

        assertThat(d.uri()).isEqualTo("amqp://guest:guest@localhost:5672");
        assertThat(d.addresses()).isEmpty();
        assertThat(d.heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.tls()).isFalse();
        assertThat(d.verifyPeer()).isTrue();
    }

    @Test
    void amqpsUriMeansTls() {
        assertThat(BrokerSettings.uri("amqps://rabbit.example:5671").tls()).isTrue();
        assertThat(BrokerSettings.builder().uri("amqps://rabbit.example").build().tls()).isTrue();
    }

    @Test
    void environmentOverridesEverySetting() {
        BrokerSettings s = BrokerSettings.builder().environment(Map.of(
                "EBATS_BROKER_URI", " amqps://rabbit.example:5671/shop ",
                "EBATS_BROKER_VHOST", "orders",
                "EBATS_BROKER_USERNAME", "shop",
                "EBATS_BROKER_PASSWORD", SECRET,
                "EBATS_BROKER_TLS", "yes",
                "EBATS_BROKER_VERIFY_PEER", "off",
                "EBATS_BROKER_HEARTBEAT", "15s")).build();

        assertThat(s.uri()).isEqualTo("amqps://rabbit.example:5671/shop");
        assertThat(s.virtualHost()).isEqualTo("orders");
        assertThat(s.username()).isEqualTo("shop");
        assertThat(s.password()).isEqualTo(SECRET);
        assertThat(s.tls()).isTrue();
        assertThat(s.verifyPeer()).isFalse();
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void addressesFromTheEnvironmentReplaceTheUri() {
        BrokerSettings s = BrokerSettings.builder().environment(Map.of(
                "EBATS_BROKER_ADDRESSES", "node1:5672, node2:5673 ,node3")).build();

        assertThat(s.uri()).isNull();
        assertThat(s.addresses()).containsExactly("node1:5672", "node2:5673", "node3");
        assertThat(s.describe()).isEqualTo("amqp node1:5672,node2:5673,node3");
    }

    @Test
    void blankOrMissingVariablesChangeNothing() {
        BrokerSettings d = BrokerSettings.defaults();

        assertThat(d.toBuilder().environment(Map.of()).build()).isEqualTo(d);
        assertThat(d.toBuilder().environment(Map.of("EBATS_BROKER_URI", " ", "EBATS_BROKER_TLS", "")).build())
                .isEqualTo(d);
    }

    @Test
    void onlyAPasswordFromTheEnvironmentKeepsTheUsername() {
        BrokerSettings s = BrokerSettings.builder().credentials("shop", "old")
                .environment(Map.of("EBATS_BROKER_PASSWORD", SECRET)).build();

        assertThat(s.username()).isEqualTo("shop");
        assertThat(s.password()).isEqualTo(SECRET);
    }

    @Test
    void badEnvironmentValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> BrokerSettings.builder().environment(Map.of("EBATS_BROKER_TLS", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EBATS_BROKER_TLS must be true or false, was 'maybe'");
        assertThatThrownBy(() -> BrokerSettings.builder().environment(Map.of("EBATS_BROKER_HEARTBEAT", "often")))
                .hasMessageStartingWith("EBATS_BROKER_HEARTBEAT must be a duration");
        assertThatThrownBy(() -> BrokerSettings.builder().environment(Map.of("EBATS_BROKER_URI", "http://x")))
                .hasMessage("EBATS_BROKER_URI must start with amqp:// or amqps://, was http://x");
        assertThatThrownBy(() -> BrokerSettings.builder().environment(Map.of("EBATS_BROKER_ADDRESSES", "a:0")))
                .hasMessage("EBATS_BROKER_ADDRESSES must be host or host:port, was a:0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://rabbit:5672", "rabbit:5672", "amqp:///vhost", "amqp://", "not a uri"})
    void uriThatIsNotAnAmqpUriWithAHostIsRefused(String uri) {
        assertThatThrownBy(() -> BrokerSettings.uri(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uri must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host:0", "host:70000", "host:abc", " ", ""})
    void addressThatIsNotHostAndPortIsRefused(String address) {
        assertThatThrownBy(() -> BrokerSettings.addresses(List.of(address), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("addresses must be host or host:port");
    }

    @Test
    void heartbeatAndConnectionTimeoutAreValidated() {
        assertThatThrownBy(() -> BrokerSettings.builder().heartbeat(Duration.ofSeconds(-1)))
                .hasMessage("heartbeat must not be negative, was PT-1S");
        assertThatThrownBy(() -> BrokerSettings.builder().connectionTimeout(Duration.ZERO))
                .hasMessage("connectionTimeout must be positive, was PT0S");
        assertThat(BrokerSettings.builder().heartbeat(Duration.ZERO).build().heartbeat()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "amqp://shop:S3cr3tPw@rabbit.example:5672/orders",
            "amqps://shop:S3cr3tPw@rabbit.example/orders",
            "amqp://shop:S3cr3tPw@rabbit.example"})
    void describeAndToStringNeverShowThePassword(String uri) {
        BrokerSettings s = BrokerSettings.uri(uri);

        assertThat(s.describe()).doesNotContain(SECRET).doesNotContain("shop:").contains("rabbit.example");
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(EbatsConfig.builder().broker(s).build().toString()).doesNotContain(SECRET);
    }

    @Test
    void describeShowsSchemeHostPortAndVirtualHost() {
        assertThat(BrokerSettings.uri("amqp://u:p@rabbit.example:5673/orders").describe())
                .isEqualTo("amqp://rabbit.example:5673/orders");
        assertThat(BrokerSettings.uri("amqp://rabbit.example").describe()).isEqualTo("amqp://rabbit.example");
    }

    @Test
    void credentialsGivenApartNeverShowEither() {
        BrokerSettings s = BrokerSettings.addresses(List.of("node1:5672"), "shop", SECRET);
        BrokerSettings t = BrokerSettings.builder().credentials("shop", SECRET)
                .environment(Map.of("EBATS_BROKER_PASSWORD", SECRET)).build();

        assertThat(s.toString()).doesNotContain(SECRET).contains("user=shop");
        assertThat(s.describe()).doesNotContain(SECRET);
        assertThat(t.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://shop:S3cr3tPw@rabbit.example",
            "amqp://shop:S3cr3tPw@",
            "amqp://shop:S3c@r3tPw@rabbit.example:5672",
            "amqp://shop:S3c/r3tPw@rabbit.example",
            "amqp://shop:S3c r3tPw@rabbit.example"})
    void errorMessagesOfBadUrisNeverShowThePasswordNorAPartOfIt(String uri) {
        assertThatThrownBy(() -> BrokerSettings.uri(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("S3c")
                .hasMessageNotContaining("r3tPw")
                .hasMessageContaining("***");
    }

    @Test
    void toBuilderKeepsEveryFieldItDoesNotChange() {
        BrokerSettings s = BrokerSettings.builder().uri("amqps://rabbit.example:5671").virtualHost("shop")
                .credentials("shop", SECRET).verifyPeer(false).trustedCertificates(Path.of("ca.pem"))
                .heartbeat(Duration.ofSeconds(5)).connectionTimeout(Duration.ofSeconds(3)).build();

        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.toBuilder().heartbeat(Duration.ofSeconds(7)).build())
                .isEqualTo(new BrokerSettings(s.uri(), s.addresses(), "shop", "shop", SECRET, true, false,
                        Path.of("ca.pem"), Duration.ofSeconds(7), Duration.ofSeconds(3)));
    }

    @Test
    void addressesReplaceTheUriAndAUriReplacesTheAddresses() {
        BrokerSettings cluster = BrokerSettings.builder().addresses(List.of("node1:5672")).build();
        assertThat(cluster.uri()).isNull();
        assertThat(cluster.toBuilder().uri("amqp://single").build().addresses()).isEmpty();
        assertThatThrownBy(() -> BrokerSettings.builder().addresses(List.of()))
                .hasMessage("addresses must hold at least one host or host:port");
    }
}
