package io.ebats.observation;

/** The tracing contract on RabbitMQ (127.0.0.1:5672 unless {@code EBATS_TEST_BROKER_URI} says otherwise). */
class RabbitMqTracingIT extends TracingContract {

    @Override
    String brokerUri() {
        return System.getenv().getOrDefault("EBATS_TEST_BROKER_URI", "amqp://guest:guest@127.0.0.1:5672");
    }
}
