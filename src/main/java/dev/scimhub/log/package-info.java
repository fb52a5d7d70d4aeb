/**
 * Log tags that follow a request through its callbacks, and the asynchronous appender that keeps them. Imports no
 * other scimhub package.
 */
package dev.scimhub.log;
