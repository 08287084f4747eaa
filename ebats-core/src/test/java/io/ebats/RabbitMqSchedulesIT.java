package io.ebats;

/** The schedules contract on the RabbitMQ at 127.0.0.1:5672. */
class RabbitMqSchedulesIT extends ScheduleContract {
}
