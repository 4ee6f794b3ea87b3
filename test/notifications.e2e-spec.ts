import { Platform } from '@mb/vocabulary';
import {
  approvedBulletin,
  createUnitTree,
  platformAccount,
  registerWithSimulator,
  tipCodeOfPost,
  type UnitTree,
  wantedBulletin,
} from './support/factories';
import { TestSystem, waitFor } from './support/system';

interface RobotMessage {
  channel: string;
  robot: string;
  body: Record<string, any>;
}

interface BoardRow {
  unitName: string;
  accounts: number;
  posted: number;
  awaitingReview: number;
  notYetReached: number;
  overdue: boolean;
  nudgeLevel: number | null;
  takenSeconds: number | null;
}

/** Reposts that chase themselves: a repost board per bulletin, nudges to the late unit and then its parent, through their own chat robots. */
describe('repost board, nudges and unit notification channels', () => {
  let system: TestSystem;
  let tree: UnitTree;
  const longkouReviewed = platformAccount(Platform.Weibo, 9301, '');
  const longkouAuto = platformAccount(Platform.Weibo, 9302, '');
  const laiyangAuto = platformAccount(Platform.Weibo, 9303, '');
  const wecomKey = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
  const dingtalkToken = 'd1ngta1k0token0for0yantai0city';
  const dingtalkSecret = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const hookSecret = 'city-hook-secret-0123456789';

  beforeAll(async () => {
    system = await TestSystem.start('notifications', {
      queueBackend: 'postgres',
      env: {
        MB_REPOST_DEADLINE_URGENT_SECONDS: '2',
        MB_REPOST_DEADLINE_NORMAL_SECONDS: '3',
        MB_REPOST_NUDGE_INTERVAL_MS: '250',
        MB_NOTIFICATION_SEND_INTERVAL_MS: '200',
        // Every tip's 24-hour deadline is within the warning period from the start.
        MB_TIP_REPLY_DUE_SOON_HOURS: '48',
        MB_REVIEW_WINDOW_MINUTES: '600',
      },
    });
    tree = await createUnitTree(system);
    const rows = [
      { ...longkouReviewed, unitId: tree.countyIds[0], displayName: '龙口公安微博', repostPolicy: 'review' },
      { ...longkouAuto, unitId: tree.countyIds[0], displayName: '龙口政法微博' },
      { ...laiyangAuto, unitId: tree.countyIds[1], displayName: '莱阳政法微博' },
    ];
    for (const { simCredentials: _sim, ...row } of rows) expect((await system.api.post('/accounts', row)).status).toBe(201);
    await registerWithSimulator(system, rows);
    for (const robot of [
      { kind: 'wecom_robot', id: wecomKey },
      { kind: 'dingtalk_robot', id: dingtalkToken, secret: dingtalkSecret },
      { kind: 'webhook', id: 'yantai', secret: hookSecret },
    ])
      expect((await system.sim.put('/_sim/robots', robot)).status).toBe(200);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const robotMessages = async (robot: string) =>
    (await system.sim.get('/_sim/robot-messages', { params: { robot } })).data as RobotMessage[];

  it('refuses a channel that is not an address, naming the field, and keeps nothing', async () => {
    const refused = await system.api.put(`/units/${tree.countyIds[0]}/notification-channel`, { kind: 'wecom_robot', url: 'not a url' });
    expect([refused.status, refused.data.field]).toEqual([400, 'url']);
    const unknownKind = await system.api.put(`/units/${tree.countyIds[0]}/notification-channel`, {
      kind: 'sms',
      url: 'http://127.0.0.1/x',
    });
    expect([unknownKind.status, unknownKind.data.field]).toEqual([400, 'kind']);
    expect((await system.api.get(`/units/${tree.countyIds[0]}/notification-channel`)).status).toBe(404);
  });

  it('nudges the county that has not reposted through its 企业微信 robot, then tells the city through its signed 钉钉 robot, once each, and shows it all on the board', async () => {
    const wecom = await system.api.put(`/units/${tree.countyIds[0]}/notification-channel`, {
      kind: 'wecom_robot',
      url: `${system.simUrl}/wecom/cgi-bin/webhook/send?key=${wecomKey}`,
    });
    expect(wecom.status).toBe(200);
    // The view names the host only: the robot's key is a secret.
    expect(JSON.stringify(wecom.data)).not.toContain(wecomKey);
    expect(
      (
        await system.api.put(`/units/${tree.cityId}/notification-channel`, {
          kind: 'dingtalk_robot',
          url: `${system.simUrl}/dingtalk/robot/send?access_token=${dingtalkToken}`,
          secret: dingtalkSecret,
        })
      ).status,
    ).toBe(200);

    const bulletin = await approvedBulletin(system, {
      ...wantedBulletin(tree.cityId, [tree.cityId], ['weibo']),
      title: '悬赏通缉犯罪嫌疑人赵某某',
    });
    expect((await system.reviewer.post(`/bulletins/${bulletin.id}/publish`)).status).toBe(202);

    // 龙口市's reviewed account waits for its operator; the others post at once.
    const board = await waitFor(
      'the board with the auto accounts posted',
      async () => {
        const rows = (await system.api.get(`/bulletins/${bulletin.id}/repost-board`)).data as BoardRow[];
        return rows.length === 2 && rows.every((row) => row.notYetReached === 0) ? rows : undefined;
      },
      30_000,
      200,
    );
    expect(board.find((row) => row.unitName === '龙口市')).toMatchObject({ accounts: 2, posted: 1, awaitingReview: 1 });
    const laiyang = board.find((row) => row.unitName === '莱阳市')!;
    expect(laiyang).toMatchObject({ accounts: 1, posted: 1, awaitingReview: 0, overdue: false });
    expect(laiyang.takenSeconds).not.toBeNull();

    const [nudge] = await waitFor(
      'the county robot nudged',
      async () => ((await robotMessages(wecomKey)).length ? robotMessages(wecomKey) : undefined),
      30_000,
      200,
    );
    expect(nudge.body.msgtype).toBe('markdown');
    expect(nudge.body.markdown.content).toContain('转发催办：悬赏通缉犯罪嫌疑人赵某某');
    expect(nudge.body.markdown.content).toContain('待本单位审核 1 个');
    expect(nudge.body.markdown.content).toContain(`/console/bulletins/${bulletin.id}`);

    // The city robot only takes correctly signed messages: this one arrived, so the 加签 was right.
    const [escalation] = await waitFor(
      'the city told',
      async () => ((await robotMessages(dingtalkToken)).length ? robotMessages(dingtalkToken) : undefined),
      30_000,
      200,
    );
    expect(escalation.body.markdown.title).toBe('下级单位转发超时：龙口市');

    // Further sweeps send nothing more; 莱阳市, which reposted, is never nudged.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await robotMessages(wecomKey)).toHaveLength(1);
    expect(await robotMessages(dingtalkToken)).toHaveLength(1);
    const after = (await system.api.get(`/bulletins/${bulletin.id}/repost-board`)).data as BoardRow[];
    expect(after.find((row) => row.unitName === '龙口市')).toMatchObject({ overdue: true, nudgeLevel: 2 });
    expect(after.find((row) => row.unitName === '莱阳市')).toMatchObject({ overdue: false, nudgeLevel: null });

    const listed = (await system.api.get('/notifications')).data.items as Array<{ kind: string; unitId: string; channelState: string }>;
    expect(listed.filter((item) => item.kind.startsWith('repost_')).map((item) => [item.kind, item.unitId, item.channelState])).toEqual(
      expect.arrayContaining([
        ['repost_overdue', tree.countyIds[0], 'sent'],
        ['repost_escalated', tree.cityId, 'sent'],
      ]),
    );
    const audit = (await system.api.get('/audit', { params: { entityType: 'bulletin', entityId: bulletin.id } })).data.items as Array<{
      action: string;
    }>;
    expect(audit.filter((row) => row.action === 'repost.nudged')).toHaveLength(2);

    // The robots' key and secrets reach no log.
    const logs = system.logs();
    for (const secret of [wecomKey, dingtalkToken, dingtalkSecret]) expect(logs).not.toContain(secret);
  });

  it("tells the handling unit of a new tip and of its reply falling due through its signed webhook, without the tipster's words", async () => {
    expect(
      (
        await system.api.put(`/units/${tree.cityId}/notification-channel`, {
          kind: 'webhook',
          url: `${system.simUrl}/_sim/unit-hooks/yantai`,
          secret: hookSecret,
        })
      ).status,
    ).toBe(200);
    const { code } = await tipCodeOfPost(system, Platform.Weibo, laiyangAuto.platformAccountId);
    const tipText = '我在莱阳市汽车站附近见过赵某某，穿黑色外套';
    expect((await system.api.post('/public/tips', { code, text: tipText, anonymous: true })).status).toBe(201);
    const [hook] = await waitFor(
      'the unit hook called',
      async () => ((await robotMessages('yantai')).length ? robotMessages('yantai') : undefined),
      30_000,
      200,
    );
    expect(hook.body.event).toBe('notification');
    expect(hook.body.notification.title).toBe('新线索待处理');
    expect(JSON.stringify(hook.body)).not.toContain('汽车站');
    // Unanswered within the warning period: the unit hears it once, with the count and the deadline.
    const dueSoon = await waitFor(
      'the reply-due warning',
      async () => {
        const calls = await robotMessages('yantai');
        const found = calls.filter((call) => call.body.notification.title === '线索即将超时未答复');
        return found.length ? found : undefined;
      },
      30_000,
      200,
    );
    expect(dueSoon[0].body.notification.text).toContain('本单位有 1 条线索尚未答复');
    expect(JSON.stringify(dueSoon[0].body)).not.toContain('汽车站');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await robotMessages('yantai')).filter((call) => call.body.notification.title === '线索即将超时未答复')).toHaveLength(1);
  });
});
