/** Operations endpoints: {@code /health} and {@code /ready}. May import {@code db} and {@code http}. */
package dev.scimhub.ops;
