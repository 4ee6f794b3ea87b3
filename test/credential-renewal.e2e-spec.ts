import { Platform } from '@mb/vocabulary';
import { createUnitTree, platformAccount, registerWithSimulator, type UnitTree, wantedBulletin } from './support/factories';
import { TestSystem, waitFor } from './support/system';

const DAY_MS = 24 * 3600 * 1000;

interface Health {
  accountId: string;
  displayName: string;
  tokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
  renewalAttemptedAt: string | null;
  authRefused: boolean;
  reauthoriseSoon: boolean;
}

/**
 * Accounts known to work before an alert goes out: the daily check renews tokens ahead of need,
 * tells a unit days before an authorisation runs out, and tells it at once when the platform
 * refuses a renewal; an operator's new authorisation clears it.
 */
describe('credentials renewed ahead of an alert', () => {
  let system: TestSystem;
  let tree: UnitTree;
  const kept = platformAccount(Platform.Douyin, 9301, '');
  const revoked = platformAccount(Platform.Douyin, 9302, '');
  const ids = { kept: '', revoked: '' };

  beforeAll(async () => {
    system = await TestSystem.start('renewal', {
      queueBackend: 'postgres',
      env: { MB_TEST_HOOKS: 'true', MB_CREDENTIAL_CHECK_INTERVAL_MS: '300', MB_REAUTHORISE_WARNING_DAYS: '7' },
    });
    tree = await createUnitTree(system);
    // Tokens live an hour and the authorisation five days: within the seven days' warning.
    expect((await system.sim.put('/_sim/faults', { tokenTtlSeconds: 3600, refreshTokenTtlSeconds: 5 * 24 * 3600 })).status).toBe(200);
    await registerWithSimulator(system, [kept, revoked]);
    // The second account's user withdrew the app's authorisation on the platform.
    await system.sim.post('/_sim/tokens/expire', { platform: 'douyin', accountId: revoked.platformAccountId, refreshTokens: true });
    for (const [name, account, unitId, displayName] of [
      ['kept', kept, tree.countyIds[0], '龙口公安抖音'],
      ['revoked', revoked, tree.countyIds[1], '莱阳公安抖音'],
    ] as const) {
      const created = await system.api.post('/accounts', {
        unitId,
        platform: account.platform,
        platformAccountId: account.platformAccountId,
        displayName,
        credentials: account.credentials,
      });
      expect(created.status).toBe(201);
      ids[name] = created.data.id;
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function healthOf(accountId: string): Promise<Health> {
    const { items } = (await system.api.get('/accounts/credential-health', { params: { limit: 100 } })).data;
    return items.find((item: Health) => item.accountId === accountId);
  }

  async function notified(unitId: string, text: string): Promise<{ text: string }[]> {
    return waitFor(
      `the unit told: ${text}`,
      async () => {
        const { items } = (await system.api.get('/notifications', { params: { unitId } })).data;
        const found = items.filter(
          (item: { kind: string; text: string }) => item.kind === 'credentials_attention' && item.text.includes(text),
        );
        return found.length ? found : undefined;
      },
      20_000,
      200,
    );
  }

  it('renews a token before it runs out and tells the unit days before the authorisation does, once a day', async () => {
    const started = Date.now();
    const renewed = await waitFor(
      'the token renewed',
      async () => {
        const health = await healthOf(ids.kept);
        return health.refreshTokenExpiresAt ? health : undefined;
      },
      20_000,
      200,
    );
    // The platform's own figures: a token for an hour, an authorisation for what is left of five days.
    expect(Math.abs(Date.parse(renewed.tokenExpiresAt!) - (started + 3600_000))).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(renewed.refreshTokenExpiresAt!) - (started + 5 * DAY_MS))).toBeLessThan(60_000);
    expect(renewed).toMatchObject({ authRefused: false, reauthoriseSoon: true });
    const [told] = await notified(tree.countyIds[0], '授权将在 7 天内到期、请重新授权 1 个：龙口公安抖音');
    expect(told.text).not.toMatch(/act\.|rft\./);

    // Later checks the same day neither renew again nor tell the unit twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await healthOf(ids.kept);
    expect(later.renewalAttemptedAt).toBe(renewed.renewalAttemptedAt);
    expect(later.tokenExpiresAt).toBe(renewed.tokenExpiresAt);
    const { items } = (await system.api.get('/notifications', { params: { unitId: tree.countyIds[0] } })).data;
    expect(items.filter((item: { kind: string }) => item.kind === 'credentials_attention')).toHaveLength(1);
  });

  it('tells the unit at once when the platform refuses a renewal, counts it in the reach gap, and clears once an operator authorises again', async () => {
    const refused = await waitFor(
      'the renewal refused',
      async () => {
        const health = await healthOf(ids.revoked);
        return health.authRefused ? health : undefined;
      },
      20_000,
      200,
    );
    expect(refused.renewalAttemptedAt).not.toBeNull();
    await notified(tree.countyIds[1], '平台拒绝授权、需重新授权 1 个：莱阳公安抖音');
    const problems = (await system.api.get('/accounts/credential-health', { params: { problemsOnly: true, unitId: tree.countyIds[1] } }))
      .data;
    expect(problems.items.map((item: Health) => item.displayName)).toEqual(['莱阳公安抖音']);
    const draft = await system.editor.post('/bulletins', wantedBulletin(tree.countyIds[1], [tree.countyIds[1]], ['douyin']));
    expect(draft.status).toBe(201);
    expect((await system.editor.get(`/bulletins/${draft.data.id}/target-preview`)).data.reachGap).toMatchObject({
      expectedToFail: 1,
      authRefused: 1,
    });

    // The operator authorises the account again with new tokens from the platform.
    const fresh = platformAccount(Platform.Douyin, 9303, '');
    const credentials = {
      ...revoked.credentials,
      accessToken: fresh.credentials.accessToken,
      refreshToken: fresh.credentials.refreshToken,
    };
    await registerWithSimulator(system, [{ ...revoked, credentials, simCredentials: { ...revoked.simCredentials, ...credentials } }]);
    expect((await system.api.patch(`/accounts/${ids.revoked}`, { credentials })).status).toBe(200);
    const cleared = await waitFor(
      'the new authorisation renewed',
      async () => {
        const health = await healthOf(ids.revoked);
        return !health.authRefused && health.refreshTokenExpiresAt ? health : undefined;
      },
      20_000,
      200,
    );
    expect(cleared.authRefused).toBe(false);
  });
});
