package dev.scimhub.event;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * An event as the events API and webhooks send it: {@code id} (stable across redeliveries), {@code type},
 * {@code tenant}, {@code sequence} (per tenant, gap-free), {@code occurredAt}, {@code data}, {@code context}. The
 * stored {@code data} and {@code context} are JSON already and are spliced in as they are.
 */
final class Envelope {

  private Envelope() {}

  static String json(Row row) {
    // The fixed members through the JSON encoder (escaping), the stored documents verbatim.
    String head = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", row.getString("type"))
        .put("tenant", row.getString("tenant_id"))
        .put("sequence", row.getLong("sequence"))
        .put("occurredAt", row.getOffsetDateTime("occurred_at").toInstant().toString())
        .encode();
    return head.substring(0, head.length() - 1) + ",\"data\":" + row.getString("data") + ",\"context\":"
        + row.getString("context") + "}";
  }
}
