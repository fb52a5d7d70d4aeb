package dev.scimhub.scim.filter;

import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.SearchRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A cursor of RFC 9865: where the next page of a listing starts, as the key of the last row served (its creation time
 * and id). The key is all a page needs, so a cursor is valid on every node and survives restarts; no state is kept.
 * It names the listing it belongs to (tenant, resource type, filter and sort) by a digest, so a cursor used for
 * another listing is {@code invalidCursor}, never a page of something else. It carries the time it was issued, and
 * is {@code expiredCursor} after {@link #TIMEOUT_SECONDS}, the {@code cursorTimeout} that
 * {@code /ServiceProviderConfig} announces.
 *
 * <p>Encoded as base64url without padding, so it uses only unreserved URI characters (RFC 9865 section 2).
 */
public record ListCursor(OffsetDateTime created, UUID id) {

  public static final int TIMEOUT_SECONDS = 86_400;
  private static final byte VERSION = 1;
  private static final int DIGEST_BYTES = 8;
  private static final int LENGTH = 1 + DIGEST_BYTES + 8 + 8 + 16;
  /** The end of year 9999 (PostgreSQL's timestamps go further, rows' creation times do not). */
  private static final long LATEST_MICROS = 253_402_300_799_999_999L;

  /**
   * The position a cursor-paged request continues after: null for its first page (an empty {@code cursor}).
   *
   * @param scope the store's name of the listing's table and tenant
   */
  public static ListCursor read(SearchRequest request, String scope) {
    String text = request.cursor();
    if (text == null || text.isEmpty()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (bytes.length != LENGTH || bytes[0] != VERSION) {
      throw invalid();
    }
    if (!MessageDigest.isEqual(Arrays.copyOfRange(bytes, 1, 1 + DIGEST_BYTES), digest(request, scope))) {
      throw ScimException.invalidCursor(
          "This cursor belongs to another listing: keep the filter and sortBy of the request that returned it");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1 + DIGEST_BYTES, LENGTH - 1 - DIGEST_BYTES);
    long issued = buffer.getLong();
    long age = Instant.now().getEpochSecond() - issued;
    if (age > TIMEOUT_SECONDS) {
      throw ScimException.expiredCursor("This cursor expired (cursors are valid for "
          + TIMEOUT_SECONDS + " seconds); start again with an empty cursor");
    }
    long micros = buffer.getLong();
    // Only a time a row can have: an altered cursor with its digest intact must not reach the statement.
    if (micros < 0 || micros > LATEST_MICROS) {
      throw invalid();
    }
    OffsetDateTime created = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    return new ListCursor(created, new UUID(buffer.getLong(), buffer.getLong()));
  }

  /** The cursor of the page that follows the row at ({@code created}, {@code id}). */
  public static String after(SearchRequest request, String scope, OffsetDateTime created, UUID id) {
    Instant at = created.toInstant();
    ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
        .put(VERSION)
        .put(digest(request, scope))
        .putLong(Instant.now().getEpochSecond())
        .putLong(ChronoUnit.MICROS.between(Instant.EPOCH, at))
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /** How many rows a page reads: one more than it serves, when it serves any, to know if a next page exists. */
  public static int rowsToRead(SearchRequest request) {
    int count = request.paging().count();
    return count == 0 ? 0 : count + 1;
  }

  /**
   * The page to serve of the rows read ({@link #rowsToRead}), and the cursor of the next one (null on the last page).
   */
  public static <T> Served<T> serve(SearchRequest request, String scope, List<T> rows,
      Function<T, OffsetDateTime> created, Function<T, UUID> id) {
    int count = request.paging().count();
    if (rows.size() <= count) {
      return new Served<>(rows, null);
    }
    List<T> page = rows.subList(0, count);
    T last = page.get(count - 1);
    return new Served<>(page, after(request, scope, created.apply(last), id.apply(last)));
  }

  /** One page and the cursor of the next. */
  public record Served<T>(List<T> items, String nextCursor) {}

  /** The error for a sorted listing whose cursor's row was deleted since. */
  public static ScimException gone() {
    return ScimException.expiredCursor("The last resource of the page before was deleted, and a sorted listing "
        + "continues from it: start again with an empty cursor");
  }

  /** The continuation key of {@link Listing}: the rows after this one. */
  public Listing.Continuation continuation() {
    return new Listing.Continuation(created, id, false);
  }

  private static byte[] digest(SearchRequest request, String scope) {
    String listing = scope + '\n' + request.filter() + '\n' + request.sortBy() + '\n' + request.descending();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(listing.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(hash, DIGEST_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ScimException invalid() {
    return ScimException.invalidCursor(
        "This is not a cursor of this server: send an empty cursor for the first page, then each page's nextCursor");
  }
}
