package dev.scimhub.event;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The webhook parts built once: their store for the admin API and their delivery verticle. */
public final class Webhooks {

  private final WebhookStore store;
  private final WebhookDispatcher dispatcher;

  /**
   * @param deliveryPool the delivery verticle's own pool
   * @param serverSecret the key the signing secrets are encrypted under is derived from it
   */
  public Webhooks(Vertx vertx, Pool pool, Pool deliveryPool, String serverSecret, boolean allowPrivateTargets) {
    WebhookSecrets secrets = new WebhookSecrets(serverSecret);
    WebhookTargets targets = new WebhookTargets(vertx, allowPrivateTargets);
    this.store = new WebhookStore(pool, secrets, targets);
    this.dispatcher = new WebhookDispatcher(deliveryPool, secrets, targets);
  }

  public WebhookStore store() {
    return store;
  }

  public WebhookDispatcher dispatcher() {
    return dispatcher;
  }
}
