package dev.scimhub.scim.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.Listing.Continuation;
import java.time.Duration;
import java.util.List;

/**
 * Where pages of a listing start, so the next request for one continues with a keyset ({@code (created, id) > key})
 * instead of an OFFSET that walks every earlier row: an identity provider's import pages through a tenant of 100,000
 * users in order, and page 901 then costs what page 1 costs. Only listings in the default order (creation, id) are
 * remembered, per node and for a few minutes. An importer on another node, or after the entry expired, gets the
 * OFFSET answer: a hint saves work, it never changes what a correct answer may be.
 *
 * <p>Listings are kept apart by an opaque {@code scope} that the store chooses (its table and tenant). A deletion on
 * this node drops its scope's entries, so positions stay exact here. On another node an entry can outlive a deletion
 * elsewhere by at most its lifetime; a request there continues after the last row it saw, which is what an importer
 * wants (with OFFSET, the same deletion makes it skip a row). Bounded in size: past it, the least used entries go.
 */
public final class PageCursors {

  private record Key(String scope, String filter, int position) {}

  static final Duration TTL = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 50_000;

  private final Cache<Key, Continuation> entries =
      Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(TTL).build();

  /** Where the requested page starts, when a page served before says so; null for the first page or a sorted one. */
  public Continuation continuation(String scope, SearchRequest request) {
    if (request.sortBy() != null || request.paging().startIndex() == 1) {
      return null;
    }
    return entries.getIfPresent(new Key(scope, request.filter(), request.paging().startIndex()));
  }

  /** Remembers where a page served in the default order started, and where the next one will. */
  public void rememberPage(String scope, SearchRequest request, List<StoredResource> page) {
    // A page shorter than asked for is the last: no request will continue after it (and a lookup by userName, whose
    // filter differs every time, would only fill the cache).
    if (request.sortBy() != null || page.isEmpty() || page.size() < request.paging().count()) {
      return;
    }
    StoredResource first = page.get(0);
    StoredResource last = page.get(page.size() - 1);
    int start = request.paging().startIndex();
    entries.put(new Key(scope, request.filter(), start), new Continuation(first.created(), first.id(), true));
    entries.put(new Key(scope, request.filter(), start + page.size()),
        new Continuation(last.created(), last.id(), false));
  }

  public void forget(String scope) {
    entries.asMap().keySet().removeIf(key -> key.scope().equals(scope));
  }
}
