// Gives the demo something to show: three bulletins published through the API the way an editor
// and a reviewer would, and a few tips from the public through the links in their posts.
// Counter readings start five minutes after the posts (the dashboard fills in from then on).
const api = process.env.API ?? 'http://127.0.0.1:3000';
const sim = process.env.SIM ?? 'http://127.0.0.1:4100';
const password = process.env.DEMO_PASSWORD;

async function call(path, { token, body, method = body ? 'POST' : 'GET', base = api } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

const token = async (username) => (await call('/auth/login', { body: { username, password } })).accessToken;
const editor = await token('editor');
const reviewer = await token('reviewer');
const cities = (await call('/units?level=city&limit=100', { token: editor })).items;
const city = (code) => cities.find((unit) => unit.code === code).id;

const bulletins = [
  {
    kind: 'wanted',
    title: '悬赏通缉犯罪嫌疑人张某某',
    body: '2026年11月1日，龙口市发生一起故意伤害案，嫌疑人作案后逃离。',
    issuerUnitId: city('370600'),
    target: { unitIds: [city('370600')] },
    wanted: {
      suspect: { name: '张某某', sex: 'male', birthYear: 1990, idNumber: '370681199001011234', heightCm: 175 },
      offence: '故意伤害',
      caseNumber: 'LK2026-118',
      lastKnownWhereabouts: '龙口市东莱街道',
      reward: { amountCny: 50000, conditions: '提供线索直接抓获' },
      contactLine: '0535-8512110',
    },
  },
  {
    kind: 'missing_person',
    title: '寻找走失儿童小明',
    body: '11月22日上午，7岁男童小明在市南区走失，请广大网友帮助寻找。',
    issuerUnitId: city('370200'),
    target: { unitIds: [city('370200')] },
    priority: 'urgent',
    missingPerson: {
      person: { name: '小明', sex: 'male', age: 7, clothing: '蓝色校服' },
      lastSeen: { at: '2026-11-22T02:00:00.000Z', place: '青岛市市南区', latitude: 36.07, longitude: 120.38 },
      guardianContact: '0532-66572110',
    },
  },
  {
    kind: 'wanted',
    title: '关于敦促11名涉案人员投案自首的通告',
    body: '天桥区发生一起聚众斗殴案件，11名涉案人员在逃。公安机关敦促其尽快投案自首，争取从宽处理。',
    issuerUnitId: city('370100'),
    target: { unitIds: [city('370100')] },
    wanted: {
      suspects: ['陈某某', '李某', '王某某', '赵某', '刘某某', '孙某', '周某某', '吴某', '郑某某', '冯某', '褚某某'].map((name, index) => ({
        name,
        sex: 'male',
        birthYear: 1988 + index,
      })),
      offence: '聚众斗殴',
      caseNumber: '济公天刑字〔2026〕1127号',
      lastKnownWhereabouts: '济南市天桥区',
      contactLine: '0531-85080110',
    },
  },
];
const issued = [];
for (const body of bulletins) {
  const { id, seq } = await call('/bulletins', { token: editor, body });
  await call(`/bulletins/${id}/submit`, { token: editor, body: {} });
  await call(`/bulletins/${id}/approve`, { token: reviewer, body: {} });
  const published = await call(`/bulletins/${id}/publish`, { token: reviewer, body: {} });
  console.log(`published 【${body.title}】 to ${published.deliveriesCreated} accounts`);
  // Tips from the public through the first posts that carry this bulletin's link.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const codes = [
    ...new Set(
      (await call('/_sim/posts', { base: sim })).flatMap((post) =>
        [...JSON.stringify(post).matchAll(/\/t\/([0-9a-z]+\.[0-9a-z]+\.[0-9a-z]{6})/g)].map((match) => match[1]),
      ),
    ),
  ]
    .filter((code) => code.startsWith(`${Number(seq).toString(36)}.`))
    // Ten in all: the public tip page takes ten a minute from one address.
    .slice(0, body.wanted?.suspects ? 2 : 4);
  for (const [index, code] of codes.entries()) {
    await call('/public/tips', { body: { code, text: `演示线索${index + 1}：我在公交站附近见过相似的人`, anonymous: true } });
  }
  console.log(`  ${codes.length} tips from the public`);
  issued.push({ id, body });
}

// The Tianqiao notice a day on: four of the eleven have surrendered, recorded by the editor and
// approved by the reviewer, so every post now says "已有4人投案，仍有7人在逃".
const tianqiao = issued.find(({ body }) => body.wanted?.suspects);
const surrendered = new Date(Date.now() - 3600_000).toISOString();
const recorded = await call(`/bulletins/${tianqiao.id}/person-outcomes`, {
  token: editor,
  body: { outcomes: [0, 1, 2, 3].map((person) => ({ person, status: 'surrendered', occurredAt: surrendered, place: '天桥区公安分局' })) },
});
await call(`/bulletins/${tianqiao.id}/updates/${recorded.proposal.id}/approve`, { token: reviewer, body: {} });
console.log(`recorded 4 of 11 surrenders on 【${tianqiao.body.title}】`);
