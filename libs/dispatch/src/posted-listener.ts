/**
 * What must happen with a new post in the statement that records it: reports starts measuring it
 * and counts it towards the bulletin's reach. Dispatch owns the post, reports the readings; the
 * reports lib provides this port, so dispatch never names a reports table, and the post is still
 * recorded in one statement (one round trip on the hot path).
 */
export abstract class PostedListener {
  /**
   * The statement's further parts (CTEs, comma-separated, no leading comma) that write the
   * owner's tables for the new posts in `source`: a CTE with the columns
   * `id, bulletin_id, account_id, platform, posted_at`.
   */
  abstract newPostsSql(source: string): string;
}
