import type { Platform, PostingLane, QuotaWindow } from '@mb/vocabulary';
import type { ImageFetcher } from './http/images';
import type { OutboundGuard } from './http/outbound-guard';
import type { PlatformAdapter } from './platform-adapter';

/** What an adapter is built with: its platform's base URL, the call timeout, and the guarded fetchers for URLs users typed. */
export interface AdapterDependencies {
  baseUrl: string;
  timeoutMs: number;
  images: ImageFetcher;
  guard: OutboundGuard;
}

/** An account of the platform's own shape, for the demo province and the tests. */
export interface SampleAccount {
  platformAccountId: string;
  /** What the engine stores (sealed) for the account. */
  credentials: Record<string, string>;
  /** What the platform itself holds for it: the simulator is told this. */
  simCredentials: Record<string, string>;
}

/** A limit the platform sets on one lane of one account, counted by the engine before each call. */
export interface LaneQuota {
  readonly window: QuotaWindow;
  readonly limit: number;
  /** Only accounts of this class (e.g. a WeChat subscription account) have this quota; all when absent. */
  readonly accountClass?: string;
  /** Where the number comes from, for docs/platforms.md and the operator's screen. */
  readonly basis: string;
}

/** One way of posting the platform offers, and what it costs. */
export interface LaneSpec {
  readonly lane: PostingLane;
  /** Whether a post in this lane lands in followers' messages or feeds, not only at its link. */
  readonly pushesToFollowers: boolean;
  /** At most one applies to any one kind of account: the engine counts one quota per lane and account. */
  readonly quotas: readonly LaneQuota[];
}

/**
 * Everything the engine knows of one platform, beside its adapter: adding a platform is its
 * folder (adapter and this descriptor), a value in the vocabulary and a line in the registry.
 */
export interface PlatformDescriptor {
  readonly platform: Platform;
  /** Calls one post makes to the platform, one after another (a worker keeps as many times more in flight). */
  readonly callsPerPost: number;
  /** Where the simulator serves this platform's routes: the base URL when none is configured. */
  readonly simulatorPath: string;
  /** How an update reaches the public: the post edited, a new post that points back, or the account's comment under the post. */
  readonly updateMode: 'edit' | 'new_post' | 'comment';
  /** Whether the platform's tokens expire and are renewed by the adapter. */
  readonly refreshesTokens: boolean;
  /** Its posting lanes; the first is the ordinary one every delivery may use. */
  readonly lanes: readonly LaneSpec[];
  /** The kinds of account the platform has where their quotas differ; the first is assumed when none is registered. */
  readonly accountClasses?: readonly string[];
  /** The credential fields an account must be registered with (class-validator), stored only encrypted. */
  readonly credentials: new () => object;
  createAdapter(dependencies: AdapterDependencies): PlatformAdapter;
  sampleAccount(index: number, simulatorUrl: string): SampleAccount;
}
