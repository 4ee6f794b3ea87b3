import { PLATFORM_REGISTRY } from '@mb/platforms';
import { Platform, PLATFORMS } from '@mb/vocabulary';

import { TestSystem, waitFor } from './system';

export interface UnitTree {
  provinceId: string;
  cityId: string;
  countyIds: string[];
}

async function created(system: TestSystem, path: string, body: unknown): Promise<any> {
  const response = await system.api.post(path, body);
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.data)}`);
  return response.data;
}

/** Shandong → Yantai → three of its counties, through the API. */
export async function createUnitTree(system: TestSystem): Promise<UnitTree> {
  const province = await created(system, '/units', {
    code: '370000',
    name: '山东省',
    level: 'province',
    latitude: 36.36,
    longitude: 118.16,
  });
  const city = await created(system, '/units', {
    code: '370600',
    name: '烟台市',
    level: 'city',
    parentId: province.id,
    latitude: 37.31,
    longitude: 120.93,
  });
  const counties = [
    { code: '370681', name: '龙口市', latitude: 37.646, longitude: 120.478 },
    { code: '370682', name: '莱阳市', latitude: 36.979, longitude: 120.712 },
    { code: '370683', name: '莱州市', latitude: 37.177, longitude: 119.942 },
  ];
  const countyIds: string[] = [];
  for (const county of counties) countyIds.push((await created(system, '/units', { ...county, level: 'county', parentId: city.id })).id);
  return { provinceId: province.id, cityId: city.id, countyIds };
}

export interface SeededAccount {
  platform: Platform;
  platformAccountId: string;
  credentials: Record<string, string>;
  /** What the simulator must be told for this account (the platform side of the credentials). */
  simCredentials: Record<string, string>;
}

/** Credentials of each platform's own shape, and what the simulated platform knows of them. */
export function platformAccount(platform: Platform, index: number, simUrl: string): SeededAccount {
  return { platform, ...PLATFORM_REGISTRY[platform].sampleAccount(index, simUrl) };
}

/** `count` accounts spread over the given platforms and units, each with fresh secrets. */
export function accountRows(system: TestSystem, unitIds: string[], count: number, platforms: readonly Platform[] = PLATFORMS) {
  return Array.from({ length: count }, (_, index) => {
    const account = platformAccount(platforms[index % platforms.length], index, system.simUrl);
    return {
      ...account,
      unitId: unitIds[index % unitIds.length],
      displayName: `测试账号${index}`,
      followers: 1000 + index,
      tags: ['test'],
    };
  });
}

/** Tells the simulator about the accounts, as the platforms would know them. */
export async function registerWithSimulator(
  system: TestSystem,
  accounts: Array<SeededAccount & { followers?: number; accountClass?: string }>,
): Promise<void> {
  const response = await system.sim.post('/_sim/accounts', {
    accounts: accounts.map((account) => ({
      platform: account.platform,
      accountId: account.platformAccountId,
      credentials: account.simCredentials,
      followers: account.followers,
      accountClass: account.accountClass,
    })),
  });
  if (response.status !== 200) throw new Error(`simulator registration answered ${response.status}`);
}

/** The rows as the accounts API takes them (the simulator's side left out). */
export function apiRows(rows: Array<SeededAccount & Record<string, unknown>>) {
  return rows.map(({ simCredentials: _sim, ...row }) => row);
}

export const VALID_ID_NUMBER = '370681199001011234';

export function wantedBulletin(issuerUnitId: string, targetUnitIds: string[], platforms?: string[]) {
  return {
    kind: 'wanted',
    title: '悬赏通缉犯罪嫌疑人张某某',
    body: '2026年11月1日，龙口市发生一起故意伤害案，嫌疑人作案后逃离。',
    issuerUnitId,
    target: { unitIds: targetUnitIds, ...(platforms ? { platforms } : {}) },
    wanted: {
      suspect: { name: '张某某', sex: 'male', birthYear: 1990, idNumber: VALID_ID_NUMBER, heightCm: 175, aliases: ['张三'] },
      offence: '故意伤害',
      caseNumber: 'LK2026-118',
      lastKnownWhereabouts: '龙口市东莱街道',
      reward: { amountCny: 50000, conditions: '提供线索直接抓获' },
      contactLine: '0535-8512110',
    },
  };
}

/** A bulletin written by the editor, submitted, and approved by the reviewer: ready to publish. */
export async function approvedBulletin(system: TestSystem, body: unknown): Promise<{ id: string; seq: number }> {
  const draft = await system.editor.post('/bulletins', body);
  if (draft.status !== 201) throw new Error(`creating the bulletin answered ${draft.status}: ${JSON.stringify(draft.data)}`);
  for (const [client, step] of [
    [system.editor, 'submit'],
    [system.reviewer, 'approve'],
  ] as const) {
    const answer = await client.post(`/bulletins/${draft.data.id}/${step}`);
    if (answer.status !== 200) throw new Error(`${step} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
  }
  return { id: draft.data.id, seq: Number(draft.data.seq) };
}

export function reportBulletin(issuerUnitId: string, targetUnitIds: string[]) {
  return {
    kind: 'report',
    title: '征集电信网络诈骗违法犯罪线索',
    body: '为严厉打击电信网络诈骗违法犯罪，现面向社会公开征集线索。',
    issuerUnitId,
    target: { unitIds: targetUnitIds },
    report: {
      topic: 'telecom_fraud',
      sought: '诈骗窝点、涉诈“两卡”买卖线索',
      rewardRules: '经查证属实的，给予200至5000元奖励',
      deadline: '2027-06-30T16:00:00.000Z',
    },
  };
}

/** Waits until every counter reading due by the moved test clock is taken (a reading moves its post's next time in the same transaction). */
export async function dueReadingsTaken(system: TestSystem, clockOffsetMs: number): Promise<void> {
  await waitFor(
    'due readings taken',
    async () => {
      const { rows } = await system.db.query(
        `SELECT count(*)::int AS due FROM post_metrics WHERE next_poll_at <= now() + ($1 || ' milliseconds')::interval`,
        [clockOffsetMs],
      );
      return rows[0].due === 0 ? true : undefined;
    },
    30_000,
    100,
  );
}

/** The attribution code in the tip link of the post an account made, as the public would follow it. */
export async function tipCodeOfPost(
  system: TestSystem,
  platform: Platform,
  platformAccountId: string,
  bulletinSeq?: number,
): Promise<{ code: string; simPostId: string }> {
  const posts = (await system.sim.get(`/_sim/accounts/${platform}/${platformAccountId}/posts`)).data as Array<{ id: string }>;
  const linked = posts.flatMap((post) => {
    const match = /\/t\/([0-9a-z]+\.[0-9a-z]+\.[0-9a-z]{6})/.exec(JSON.stringify(post));
    return match && (bulletinSeq === undefined || match[1].startsWith(`${bulletinSeq.toString(36)}.`))
      ? [{ code: match[1], simPostId: post.id }]
      : [];
  });
  const latest = linked.at(-1);
  if (!latest) throw new Error(`no post with a tip link on ${platform} ${platformAccountId}`);
  return latest;
}

/** Publishes an approved bulletin and waits until every delivery of it is finished, as its progress bar shows. */
export async function publishedToAll(system: TestSystem, bulletinId: string, timeoutMs = 60_000): Promise<void> {
  const published = await system.reviewer.post(`/bulletins/${bulletinId}/publish`);
  if (published.status !== 202) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.data)}`);
  await waitFor(
    'the fan-out to finish',
    async () => ((await system.api.get(`/bulletins/${bulletinId}/progress`)).data.percentDone === 100 ? true : undefined),
    timeoutMs,
    250,
  );
}
