/**
 * Operations endpoints: {@code /health}, {@code /ready} and {@code /metrics}, and the metrics registry they read. May
 * import {@code db} and {@code http}.
 */
package dev.scimhub.ops;
