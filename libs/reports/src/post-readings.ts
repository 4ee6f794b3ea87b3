import { Injectable } from '@nestjs/common';
import { PostedListener } from '@mb/dispatch';

/** How long after posting a post is first read. */
const FIRST_READING_AFTER = '5 minutes';

/** Starts measuring each new post and adds it to its bulletin's reach per unit and platform, inside dispatch's statement. */
@Injectable()
export class PostReadings extends PostedListener {
  newPostsSql(source: string): string {
    return `measured AS (
         INSERT INTO post_metrics (delivery_id, bulletin_id, account_id, unit_id, platform, posted_at, next_poll_at)
         SELECT n.id, n.bulletin_id, n.account_id, a.unit_id, n.platform, n.posted_at, n.posted_at + interval '${FIRST_READING_AFTER}'
         FROM ${source} n JOIN account a ON a.id = n.account_id
         ON CONFLICT (delivery_id) DO NOTHING
         RETURNING bulletin_id, unit_id, platform
       ),
       counted AS (
         INSERT INTO bulletin_reach (bulletin_id, unit_id, platform, posts)
         SELECT bulletin_id, unit_id, platform, count(*) FROM measured GROUP BY bulletin_id, unit_id, platform
         ON CONFLICT (bulletin_id, unit_id, platform) DO UPDATE SET posts = bulletin_reach.posts + excluded.posts
       )`;
  }
}
