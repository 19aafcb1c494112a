/**
 * The drift monitor's settings: the {@code drift-monitor} section of config/base.yaml and the
 * environment files, bound and validated once at start into the window spec, the thresholds and the
 * sketch sizes.
 */
package dev.mlpipe.drift.config;
