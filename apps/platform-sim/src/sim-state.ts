import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { Platform, PLATFORMS, type QuotaWindow, quotaWindowStart } from '@mb/vocabulary';
import { seededRandom } from './seeded-random';

/** The simulator plays every platform of the vocabulary. */
/** A platform's value as the simulator's routes spell it. */
export type SimPlatform = `${Platform}`;
export const SIM_PLATFORMS: readonly SimPlatform[] = PLATFORMS;

export interface SimAccount {
  platform: SimPlatform;
  accountId: string;
  credentials: Record<string, string>;
  followers: number;
  /** The platform's kind of account where quotas differ (a WeChat subscription or service account). */
  accountClass?: string;
}

export interface SimComment {
  id: string;
  postId?: string;
  accountId: string;
  platform: SimPlatform;
  text: string;
  from: string;
  createdAt: string;
  /** The account's answers under this comment. */
  replies: Array<{ at: string; text: string }>;
}

export interface SimPost {
  id: string;
  platform: SimPlatform;
  accountId: string;
  text: string;
  title?: string;
  images: string[];
  document?: unknown;
  /** Platform-specific extra ids (WeChat msg_data_id, publish_id). */
  extra: Record<string, string>;
  createdAt: string;
  deletedAt?: string;
  edits: Array<{ at: string; text: string }>;
  followUps: Array<{ at: string; text: string }>;
  /** Scales this post's read curve, drawn from the seeded generator when the post is made. */
  appeal: number;
}

export interface FaultRule {
  latencyMs: number;
  jitterMs: number;
  /** Share of calls answered 5xx before anything is done. */
  errorRate: number;
  /** Share of successful creating calls whose answer is lost after the post is made. */
  dropRate: number;
  /** Calls per second the platform app may make; 0 = no limit. Over it: 429 with Retry-After. */
  rateLimitPerSecond: number;
  /** Posts per second a platform accepts (its publishing call only), the limit a fan-out must keep to. */
  publishRateLimitPerSecond: number;
  /** Lifetime of tokens issued from now on. */
  tokenTtlSeconds: number;
  /** Lifetime of refresh tokens registered from now on (Douyin's 30 days); past it only a new authorisation helps. */
  refreshTokenTtlSeconds: number;
  /** Content containing any of these is refused as the platform refuses illegal content. */
  bannedWords: string[];
  /** Replaces the platform's own counted post quota (WeChat freepublish a day, Weibo posts an hour); 0 keeps it. */
  postQuota: number;
}

const DEFAULT_RULE: FaultRule = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  dropRate: 0,
  rateLimitPerSecond: 0,
  publishRateLimitPerSecond: 0,
  tokenTtlSeconds: 7200,
  refreshTokenTtlSeconds: 2_592_000,
  bannedWords: [],
  postQuota: 0,
};

interface Token {
  account: SimAccount;
  expiresAt: number;
}

export type GateVerdict = { kind: 'ok' } | { kind: 'unavailable' } | { kind: 'rate_limited'; retryAfterSeconds: number };

/** Everything the simulated platforms hold, the faults in force, and the simulator's own clock. */
@Injectable()
export class SimState {
  private accounts = new Map<string, SimAccount>();
  private tokens = new Map<string, Token>();
  private refreshTokens = new Map<string, Token>();
  private posts = new Map<string, SimPost>();
  private postsByAccount = new Map<string, SimPost[]>();
  private idempotency = new Map<string, SimPost>();
  private seenEvents = new Map<string, number>();
  private comments: SimComment[] = [];
  private windows = new Map<string, { second: number; count: number }>();
  private quotaUse = new Map<string, number>();
  private rules = new Map<string, Partial<FaultRule>>();
  private sequence = 4_900_000_000_000_000;
  private clockOffsetMs = 0;
  private frozenAt: number | null = null;
  /** Calls refused with 429, per platform, so tests can check that limits were really hit. */
  readonly rateLimitedCalls = new Map<string, number>();
  /** Every creating call, with its time, per platform (to check that Retry-After was honoured). */
  readonly callLog: Array<{ platform: string; accountId?: string; path?: string; at: number; answered: string }> = [];
  /** Downloads of the test photo, to check that a fan-out fetches a bulletin's picture once, not once a post. */
  photoDownloads = 0;
  random: () => number;

  constructor(private readonly config: AppConfig) {
    this.random = seededRandom(config.simulator.seed);
  }

  reset(seed = this.config.simulator.seed): void {
    for (const map of [
      this.accounts,
      this.tokens,
      this.refreshTokens,
      this.posts,
      this.postsByAccount,
      this.idempotency,
      this.seenEvents,
      this.windows,
      this.quotaUse,
      this.rules,
      this.rateLimitedCalls,
    ])
      map.clear();
    this.comments = [];
    this.callLog.length = 0;
    this.photoDownloads = 0;
    this.clockOffsetMs = 0;
    this.frozenAt = null;
    this.sequence = 4_900_000_000_000_000;
    this.random = seededRandom(seed);
  }

  // ---- clock ----
  now(): number {
    return this.frozenAt ?? Date.now() + this.clockOffsetMs;
  }

  setClock(at: number | null): void {
    this.frozenAt = at;
  }

  advanceClock(seconds: number): void {
    if (this.frozenAt !== null) this.frozenAt += seconds * 1000;
    else this.clockOffsetMs += seconds * 1000;
  }

  // ---- accounts and tokens ----
  register(account: SimAccount): void {
    this.accounts.set(key(account.platform, account.accountId), account);
    const { accessToken, refreshToken } = account.credentials;
    if (accessToken)
      this.tokens.set(`${account.platform}:${accessToken}`, {
        account,
        expiresAt: this.now() + this.rule(account.platform, account.accountId).tokenTtlSeconds * 1000,
      });
    if (refreshToken)
      this.refreshTokens.set(`${account.platform}:${refreshToken}`, {
        account,
        expiresAt: this.now() + this.rule(account.platform, account.accountId).refreshTokenTtlSeconds * 1000,
      });
  }

  account(platform: SimPlatform, accountId: string): SimAccount | undefined {
    return this.accounts.get(key(platform, accountId));
  }

  findAccount(platform: SimPlatform, match: (account: SimAccount) => boolean): SimAccount | undefined {
    for (const account of this.accounts.values()) if (account.platform === platform && match(account)) return account;
    return undefined;
  }

  /** 'expired' tokens are known but past their lifetime; unknown ones are simply invalid. */
  tokenOwner(platform: SimPlatform, token: string | undefined): SimAccount | 'expired' | undefined {
    if (!token) return undefined;
    const entry = this.tokens.get(`${platform}:${token}`);
    if (!entry) return undefined;
    return entry.expiresAt <= this.now() ? 'expired' : entry.account;
  }

  issueToken(account: SimAccount, prefix: string): { token: string; expiresIn: number } {
    const ttl = this.rule(account.platform, account.accountId).tokenTtlSeconds;
    const token = `${prefix}${randomBytes(16).toString('hex')}`;
    this.tokens.set(`${account.platform}:${token}`, { account, expiresAt: this.now() + ttl * 1000 });
    return { token, expiresIn: ttl };
  }

  /** The account a live refresh token belongs to; an expired one answers nothing, as the platforms refuse it. */
  refreshTokenOwner(platform: SimPlatform, token: string | undefined): SimAccount | undefined {
    const entry = token ? this.refreshTokens.get(`${platform}:${token}`) : undefined;
    return entry && entry.expiresAt > this.now() ? entry.account : undefined;
  }

  /** Seconds the refresh token has left (what Douyin answers as refresh_expires_in). */
  refreshTokenSecondsLeft(platform: SimPlatform, token: string): number {
    const entry = this.refreshTokens.get(`${platform}:${token}`);
    return entry ? Math.max(0, Math.floor((entry.expiresAt - this.now()) / 1000)) : 0;
  }

  expireTokens(platform: SimPlatform, accountId: string, refreshTokensToo = false): number {
    let expired = 0;
    for (const entry of [...this.tokens.values(), ...(refreshTokensToo ? this.refreshTokens.values() : [])]) {
      if (entry.account.platform === platform && entry.account.accountId === accountId) {
        entry.expiresAt = this.now() - 1;
        expired += 1;
      }
    }
    return expired;
  }

  // ---- posts ----
  nextId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  addPost(
    post: Omit<SimPost, 'appeal' | 'createdAt' | 'edits' | 'followUps' | 'extra'> & { extra?: Record<string, string> },
    idempotencyKey?: string,
  ): SimPost {
    const stored: SimPost = {
      extra: {},
      ...post,
      createdAt: new Date(this.now()).toISOString(),
      edits: [],
      followUps: [],
      appeal: 0.5 + this.random(),
    };
    this.posts.set(stored.id, stored);
    const list = this.postsByAccount.get(key(stored.platform, stored.accountId)) ?? [];
    list.push(stored);
    this.postsByAccount.set(key(stored.platform, stored.accountId), list);
    if (idempotencyKey) this.idempotency.set(`${stored.platform}:${idempotencyKey}`, stored);
    return stored;
  }

  post(platform: SimPlatform, id: string): SimPost | undefined {
    const post = this.posts.get(id);
    return post && post.platform === platform ? post : undefined;
  }

  postForIdempotencyKey(platform: SimPlatform, idempotencyKey: string): SimPost | undefined {
    return this.idempotency.get(`${platform}:${idempotencyKey}`);
  }

  postsOf(platform: SimPlatform, accountId: string): SimPost[] {
    return this.postsByAccount.get(key(platform, accountId)) ?? [];
  }

  allPosts(platform?: SimPlatform): SimPost[] {
    const posts = [...this.posts.values()];
    return platform ? posts.filter((post) => post.platform === platform) : posts;
  }

  /**
   * Reads follow a saturating curve: fast in the first hours, levelling off after a day, scaled by
   * the account's followers and the post's drawn appeal. Pure in (post, now): the same seed and
   * clock give the same counts.
   */
  counters(post: SimPost): { reads: number; shares: number; likes: number; comments: number } {
    const account = this.account(post.platform, post.accountId);
    const ageHours = Math.max(0, (this.now() - Date.parse(post.createdAt)) / 3_600_000);
    const reach = (account?.followers ?? 1000) * 0.12 * post.appeal;
    const reads = Math.floor(reach * (1 - Math.exp(-ageHours / 6)));
    const comments = this.comments.filter((comment) => comment.postId === post.id).length;
    return { reads, shares: Math.floor(reads * 0.02), likes: Math.floor(reads * 0.05), comments };
  }

  // ---- comments and messages from the public ----
  addComment(comment: Omit<SimComment, 'id' | 'createdAt' | 'replies'>): SimComment {
    const stored = { ...comment, id: this.nextId(), createdAt: new Date(this.now()).toISOString(), replies: [] };
    this.comments.push(stored);
    return stored;
  }

  /** The account answers a comment written to it; null when there is no such comment. */
  replyToComment(platform: SimPlatform, accountId: string, commentId: string, text: string): SimComment | null {
    const comment = this.comments.find(
      (candidate) => candidate.platform === platform && candidate.accountId === accountId && candidate.id === commentId,
    );
    if (!comment) return null;
    comment.replies.push({ at: new Date(this.now()).toISOString(), text });
    return comment;
  }

  allComments(platform?: SimPlatform): SimComment[] {
    return this.comments.filter((comment) => platform === undefined || comment.platform === platform);
  }

  commentsOf(platform: SimPlatform, accountId: string, postId?: string): SimComment[] {
    return this.comments.filter(
      (comment) => comment.platform === platform && comment.accountId === accountId && (postId === undefined || comment.postId === postId),
    );
  }

  // ---- webhook replay protection ----
  firstSighting(eventId: string, nowSeconds: number): boolean {
    if (this.seenEvents.has(eventId)) return false;
    this.seenEvents.set(eventId, nowSeconds);
    if (this.seenEvents.size > 100_000) {
      for (const [id, at] of this.seenEvents) if (nowSeconds - at > 600) this.seenEvents.delete(id);
    }
    return true;
  }

  // ---- faults ----
  setRule(platform: SimPlatform | undefined, accountId: string | undefined, rule: Partial<FaultRule>): FaultRule {
    const ruleKey = `${platform ?? '*'}:${accountId ?? '*'}`;
    const given = Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined));
    this.rules.set(ruleKey, { ...this.rules.get(ruleKey), ...given });
    return this.rule(platform, accountId);
  }

  /** Account rules over platform rules over the global rule over the defaults. */
  rule(platform?: string, accountId?: string): FaultRule {
    return {
      ...DEFAULT_RULE,
      ...this.rules.get('*:*'),
      ...(platform ? this.rules.get(`${platform}:*`) : {}),
      ...(platform && accountId ? this.rules.get(`${platform}:${accountId}`) : {}),
    };
  }

  /** Delay, rate limit and injected 5xx, in that order, for one platform call. */
  async gate(platform: SimPlatform, accountId?: string, publishing = false): Promise<GateVerdict> {
    const rule = this.rule(platform, accountId);
    const delay = rule.latencyMs + (rule.jitterMs > 0 ? this.random() * rule.jitterMs : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const limits: Array<[string, number]> = [
      [platform, rule.rateLimitPerSecond],
      ...(publishing ? [[`${platform}:posts`, rule.publishRateLimitPerSecond] as [string, number]] : []),
    ];
    for (const [key, limit] of limits) {
      if (limit <= 0) continue;
      const second = Math.floor(Date.now() / 1000);
      const window = this.windows.get(key);
      if (!window || window.second !== second) this.windows.set(key, { second, count: 1 });
      else if (++window.count > limit) {
        this.rateLimitedCalls.set(platform, (this.rateLimitedCalls.get(platform) ?? 0) + 1);
        return { kind: 'rate_limited', retryAfterSeconds: 1 };
      }
    }
    if (rule.errorRate > 0 && this.random() < rule.errorRate) return { kind: 'unavailable' };
    return { kind: 'ok' };
  }

  /**
   * Counts one use of an account's quota in its window (Beijing calendar, the simulator's clock);
   * false, counting nothing, when the window's quota is already used up.
   */
  takeQuota(platform: SimPlatform, accountId: string, lane: string, window: QuotaWindow, limit: number): boolean {
    const quotaKey = `${platform}:${accountId}:${lane}:${quotaWindowStart(window, new Date(this.now())).getTime()}`;
    const used = this.quotaUse.get(quotaKey) ?? 0;
    if (used >= limit) return false;
    this.quotaUse.set(quotaKey, used + 1);
    return true;
  }

  /** The platform's post quota for this account, unless a fault rule replaced it. */
  postQuota(platform: SimPlatform, accountId: string, platformQuota: number): number {
    return this.rule(platform, accountId).postQuota || platformQuota;
  }

  shouldDrop(platform: SimPlatform, accountId?: string): boolean {
    const rule = this.rule(platform, accountId);
    return rule.dropRate > 0 && this.random() < rule.dropRate;
  }

  bannedWordIn(platform: SimPlatform, accountId: string, text: string): string | undefined {
    return this.rule(platform, accountId).bannedWords.find((word) => text.includes(word));
  }
}

function key(platform: string, accountId: string): string {
  return `${platform}:${accountId}`;
}
