import { Injectable } from '@nestjs/common';
import { AppConfig } from '@mb/config';
import { seededRandom } from './seeded-random';

export type SimPlatform = 'weibo' | 'webhook' | 'wechat_mp' | 'douyin' | 'toutiao';

export interface SimAccount {
  platform: SimPlatform;
  accountId: string;
  credentials: Record<string, string>;
}

export interface SimPost {
  id: string;
  platform: SimPlatform;
  accountId: string;
  text: string;
  title?: string;
  images: string[];
  document?: unknown;
  createdAt: string;
  deletedAt?: string;
  edits: Array<{ at: string; text: string }>;
}

export interface SimFaults {
  /** Fixed delay before every platform answer. */
  latencyMs: number;
  /** Extra random delay, uniform in [0, jitterMs). */
  jitterMs: number;
  /** Share of platform calls answered 503 before doing anything. */
  errorRate: number;
}

const NO_FAULTS: SimFaults = { latencyMs: 0, jitterMs: 0, errorRate: 0 };

/** Everything the simulated platforms hold: accounts with their credentials, posts, and the faults in force. */
@Injectable()
export class SimState {
  private accounts = new Map<string, SimAccount>();
  private tokens = new Map<string, SimAccount>();
  private posts = new Map<string, SimPost>();
  private postsByAccount = new Map<string, SimPost[]>();
  private idempotency = new Map<string, SimPost>();
  private seenEvents = new Map<string, number>();
  private sequence = 4_900_000_000_000_000;
  faults: SimFaults = { ...NO_FAULTS };
  random: () => number;

  constructor(private readonly config: AppConfig) {
    this.random = seededRandom(config.simulator.seed);
  }

  reset(seed = this.config.simulator.seed): void {
    this.accounts.clear();
    this.tokens.clear();
    this.posts.clear();
    this.postsByAccount.clear();
    this.idempotency.clear();
    this.seenEvents.clear();
    this.faults = { ...NO_FAULTS };
    this.random = seededRandom(seed);
  }

  register(account: SimAccount): void {
    this.accounts.set(key(account.platform, account.accountId), account);
    if (account.credentials.accessToken) this.tokens.set(`${account.platform}:${account.credentials.accessToken}`, account);
  }

  account(platform: SimPlatform, accountId: string): SimAccount | undefined {
    return this.accounts.get(key(platform, accountId));
  }

  accountByToken(platform: SimPlatform, token: string): SimAccount | undefined {
    return this.tokens.get(`${platform}:${token}`);
  }

  nextPostId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  addPost(post: SimPost, idempotencyKey?: string): SimPost {
    this.posts.set(post.id, post);
    const list = this.postsByAccount.get(key(post.platform, post.accountId)) ?? [];
    list.push(post);
    this.postsByAccount.set(key(post.platform, post.accountId), list);
    if (idempotencyKey) this.idempotency.set(`${post.platform}:${idempotencyKey}`, post);
    return post;
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

  /** Replay protection: an event id is accepted once within the signature window. */
  firstSighting(eventId: string, nowSeconds: number): boolean {
    if (this.seenEvents.has(eventId)) return false;
    this.seenEvents.set(eventId, nowSeconds);
    if (this.seenEvents.size > 100_000) {
      for (const [id, at] of this.seenEvents) if (nowSeconds - at > 600) this.seenEvents.delete(id);
    }
    return true;
  }

  /** Waits as configured, and says whether this call is one of the injected 503s. */
  async applyFaults(): Promise<'ok' | 'unavailable'> {
    const delay = this.faults.latencyMs + (this.faults.jitterMs > 0 ? this.random() * this.faults.jitterMs : 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return this.faults.errorRate > 0 && this.random() < this.faults.errorRate ? 'unavailable' : 'ok';
  }
}

function key(platform: string, accountId: string): string {
  return `${platform}:${accountId}`;
}
