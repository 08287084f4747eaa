package io.ebats;

/** The schedules contract on the embedded Qpid Broker-J. */
class EmbeddedSchedulesIT extends ScheduleContract {

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }
}
