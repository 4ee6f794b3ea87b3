/**
 * Which lib owns each table: only that lib's code names it in SQL. Another lib asks the owner
 * (its service, or a port the owner implements) and never spells the table itself.
 */
export const TABLE_OWNERS: Record<string, string> = {
  unit: 'units',
  account: 'accounts',
  app_user: 'auth',
  refresh_token: 'auth',
  login_throttle: 'auth',
  audit_event: 'audit',
  bulletin: 'bulletins',
  bulletin_version: 'bulletins',
  bulletin_proposal: 'bulletins',
  delivery: 'dispatch',
  bulletin_ring: 'dispatch',
  lane_quota_use: 'dispatch',
  lane_quota_count: 'dispatch',
  account_lane_block: 'dispatch',
  platform_call_gate: 'dispatch',
  tip: 'tips',
  tip_assignment: 'tips',
  tip_photo: 'tips',
  inbound_cursor: 'tips',
  post_metrics: 'reports',
  bulletin_reach: 'reports',
  bulletin_reads_hourly: 'reports',
  post_snapshot: 'reports',
  post_snapshot_default: 'reports',
  bulletin_outcome: 'reports',
  outcome_tip: 'reports',
  person_outcome: 'reports',
  person_outcome_tip: 'reports',
  tip_message: 'tips',
  tip_message_photo: 'tips',
  media_image: 'media',
  notification: 'notifications',
  unit_channel: 'notifications',
  repost_nudge: 'dispatch',
  test_clock: 'database',
};

/**
 * Reads of another lib's tables that remain inside one statement (joins on the claim, the fan-out
 * and the reports). They shrink and never grow: a lib reading a table not listed here fails the
 * test, and so does any write to another lib's table.
 */
export const FOREIGN_READS_REMAINING: Record<string, string[]> = {
  accounts: ['unit'],
  notifications: ['unit'],
  dispatch: ['account', 'unit', 'bulletin', 'bulletin_version'],
  reports: ['account', 'unit', 'bulletin', 'delivery', 'tip', 'tip_assignment'],
  targeting: ['unit'],
  tips: ['account', 'unit', 'bulletin', 'delivery'],
};

/** Each lib's place in the order: a lib imports only libs below it, an app any lib but no other app. */
export const LIB_LAYERS: Record<string, number> = {
  vocabulary: 0,
  config: 1,
  common: 1,
  database: 2,
  queue: 2,
  platforms: 2,
  audit: 3,
  media: 4,
  targeting: 3,
  units: 4,
  auth: 5,
  accounts: 5,
  bulletins: 5,
  notifications: 5,
  dispatch: 6,
  tips: 7,
  reports: 8,
  interop: 8,
};
