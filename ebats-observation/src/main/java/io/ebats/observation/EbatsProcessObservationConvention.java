package io.ebats.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and attributes of process observations; replace {@link DefaultEbatsProcessObservationConvention} to change them. */
public interface EbatsProcessObservationConvention extends ObservationConvention<EbatsProcessContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof EbatsProcessContext;
    }
}
