package dev.scimhub.db;

import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.Listing.Continuation;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where pages of a listing start, so the next request for one continues with a keyset ({@code (created, id) > key})
 * instead of an OFFSET that walks every earlier row: an identity provider's import pages through a tenant of 100,000
 * users in order, and page 901 then costs what page 1 costs. Only listings in the default order (creation, id) are
 * remembered, per node and for a few minutes. An importer on another node, or after the entry expired, gets the
 * OFFSET answer: a hint saves work, it never changes what a correct answer may be.
 *
 * <p>A deletion on this node drops the tenant's entries, so positions stay exact here. On another node an entry can
 * outlive a deletion elsewhere by at most its lifetime; a request there continues after the last row it saw, which is
 * what an importer wants (with OFFSET, the same deletion makes it skip a row).
 */
public final class PageCursors {

  private record Entry(Continuation cursor, long expiresAtNanos) {}

  static final long TTL_NANOS = 10L * 60 * 1_000_000_000L;
  private static final int MAX_ENTRIES = 50_000;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Where the requested page starts, when a page served before says so; null for the first page or a sorted one. */
  public Continuation continuation(String table, String tenant, SearchRequest request) {
    if (request.sortBy() != null || request.paging().startIndex() == 1) {
      return null;
    }
    String key = key(table, tenant, request.filter(), request.paging().startIndex());
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAtNanos() > 0) {
      entries.remove(key, entry);
      return null;
    }
    return entry.cursor();
  }

  /** Remembers where a page served in the default order started, and where the next one will. */
  public void rememberPage(String table, String tenant, SearchRequest request, List<StoredResource> page) {
    // A page shorter than asked for is the last: no request will continue after it (and a lookup by userName, whose
    // filter differs every time, would only fill the map).
    if (request.sortBy() != null || page.isEmpty() || page.size() < request.paging().count()) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    StoredResource first = page.get(0);
    StoredResource last = page.get(page.size() - 1);
    int start = request.paging().startIndex();
    long expires = System.nanoTime() + TTL_NANOS;
    entries.put(key(table, tenant, request.filter(), start),
        new Entry(new Continuation(first.created(), first.id(), true), expires));
    entries.put(key(table, tenant, request.filter(), start + page.size()),
        new Entry(new Continuation(last.created(), last.id(), false), expires));
  }

  public void forgetTenant(String table, String tenant) {
    String prefix = table + '\u0000' + tenant + '\u0000';
    entries.keySet().removeIf(key -> key.startsWith(prefix));
  }

  private static String key(String table, String tenant, String filter, int position) {
    return table + '\u0000' + tenant + '\u0000' + (filter == null ? "" : filter) + '\u0000' + position;
  }
}
