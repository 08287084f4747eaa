package io.ebats;

/** The interceptors contract on the RabbitMQ at 127.0.0.1:5672. */
class RabbitMqInterceptorsIT extends InterceptorsContract {
}
