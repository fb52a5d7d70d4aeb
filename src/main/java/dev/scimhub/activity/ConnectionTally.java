package dev.scimhub.activity;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one connection (a tenant's token, or none) did since the writer last took it: first and last request, last
 * success, last error, and the requests by status class per five-minute bucket. Added to per request under the map's
 * lock for its key; taken whole by the writer, which adds it to the stored counters.
 */
final class ConnectionTally {

  static final long BUCKET_SECONDS = 300;

  final String tenant;
  final String tokenKey;
  String tokenLabel;
  OffsetDateTime firstSeen;
  OffsetDateTime lastSeen;
  OffsetDateTime lastSuccess;
  OffsetDateTime lastErrorAt;
  int lastErrorStatus;
  String lastErrorDetail;
  String lastAuthFailure;
  String lastErrorPath;
  String identityProvider;
  String userAgent;
  List<String> quirks;
  /** By bucket start (epoch seconds): requests of classes 2xx, 3xx, 4xx, 5xx. */
  final Map<Long, int[]> buckets = new HashMap<>(2);

  ConnectionTally(String tenant, String tokenKey) {
    this.tenant = tenant;
    this.tokenKey = tokenKey;
  }

  ConnectionTally add(RequestRecord r) {
    OffsetDateTime at = r.at();
    if (firstSeen == null) {
      firstSeen = at;
    }
    lastSeen = at;
    if (r.facts().tokenLabel() != null) {
      tokenLabel = r.facts().tokenLabel();
    }
    if (r.facts().identityProvider() != null) {
      identityProvider = r.facts().identityProvider();
    }
    if (r.userAgent() != null) {
      userAgent = r.userAgent().length() > 300 ? r.userAgent().substring(0, 300) : r.userAgent();
    }
    if (!r.facts().quirkNames().isEmpty()) {
      quirks = List.copyOf(r.facts().quirkNames());
    }
    if (r.status() < 400) {
      lastSuccess = at;
    } else {
      lastErrorAt = at;
      lastErrorStatus = r.status();
      lastErrorDetail = r.facts().detail();
      lastAuthFailure = r.facts().authFailure();
      lastErrorPath = Redaction.text(r.path());
    }
    long bucket = at.toEpochSecond() / BUCKET_SECONDS * BUCKET_SECONDS;
    int cls = Math.min(3, Math.max(0, r.status() / 100 - 2));
    buckets.computeIfAbsent(bucket, b -> new int[4])[cls]++;
    return this;
  }
}
