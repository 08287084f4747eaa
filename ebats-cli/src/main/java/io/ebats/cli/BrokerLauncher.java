package io.ebats.cli;

import io.ebats.EbatsConfig;

/**
 * Where {@code ebats up} gets its broker: today the configured one; an embedded broker plugs in here by
 * starting in {@link #start} and returning settings that point at it.
 */
interface BrokerLauncher extends AutoCloseable {

    /** Makes the broker available and returns the settings to connect with. */
    EbatsConfig start(EbatsConfig configured);

    /** Stops what {@link #start} started; nothing for an external broker. */
    @Override
    void close();

    /** The broker of the settings, run by someone else. */
    static BrokerLauncher external() {
        return new BrokerLauncher() {
            @Override
            public EbatsConfig start(EbatsConfig configured) {
                return configured;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
