package io.cmsisnn;

/** A plugin parameter that has no valid meaning (unknown scheme, contradictory settings). */
public class ConfigurationException extends CmsisException {
    public ConfigurationException(String message) {
        super(message);
    }
}
