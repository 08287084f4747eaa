package io.ebats.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and attributes of publish observations; replace {@link DefaultEbatsPublishObservationConvention} to change them. */
public interface EbatsPublishObservationConvention extends ObservationConvention<EbatsPublishContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof EbatsPublishContext;
    }
}
