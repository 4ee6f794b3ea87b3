import { maskIdNumber, maskIdNumbersInText } from './id-number-mask';
import { RenderableBulletin } from './renderable-bulletin';

export const KIND_TAG: Record<RenderableBulletin['kind'], string> = {
  wanted: '微通缉',
  missing_person: '微寻人',
  report: '微举报',
};

const SEX: Record<string, string> = { male: '男', female: '女', unknown: '性别不详' };

const REPORT_TOPIC: Record<string, string> = {
  drug_trafficking: '涉毒违法犯罪',
  telecom_fraud: '电信网络诈骗',
  gang_crime: '涉黑涉恶犯罪',
  public_danger: '公共安全隐患',
  other: '违法犯罪线索',
};

function beijingTime(iso: string): string {
  const date = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

function joined(parts: Array<string | false | undefined | null>): string {
  return parts.filter((part): part is string => Boolean(part)).join('，');
}

/** The facts the public must read first, in the order police notices give them; ID numbers masked. */
export function summaryLine(bulletin: RenderableBulletin): string {
  const details = bulletin.details;
  switch (bulletin.kind) {
    case 'wanted': {
      const suspect = details.suspect ?? {};
      const who = joined([
        `犯罪嫌疑人${suspect.name}`,
        suspect.aliases?.length ? `别名${suspect.aliases.join('、')}` : null,
        SEX[suspect.sex],
        suspect.birthYear && `${suspect.birthYear}年生`,
        suspect.idNumber && `身份证号${maskIdNumber(suspect.idNumber)}`,
        suspect.heightCm && `身高约${suspect.heightCm}厘米`,
      ]);
      const reward = details.reward?.amountCny ? `悬赏${details.reward.amountCny}元` : null;
      return `${joined([who, `涉嫌${details.offence}`, details.dangerWarning, reward])}。线索请拨${details.contactLine}。`;
    }
    case 'missing_person': {
      const person = details.person ?? {};
      const lastSeen = details.lastSeen ?? {};
      const who = joined([person.name, SEX[person.sex], `${person.age}岁`, person.heightCm && `身高约${person.heightCm}厘米`]);
      return `${joined([who, `${beijingTime(lastSeen.at)}在${lastSeen.place}走失`, person.clothing && `走失时穿${person.clothing}`])}。如有线索请联系${details.guardianContact}。`;
    }
    case 'report':
      return `${joined([`征集${REPORT_TOPIC[details.topic] ?? details.topic}线索：${details.sought}`, details.rewardRules])}。截止${beijingTime(details.deadline)}。`;
  }
}

/** Body text as published: free text may contain an ID number typed by hand. */
export function publishedBody(bulletin: RenderableBulletin): string {
  return maskIdNumbersInText(bulletin.body);
}

const OUTCOME: Record<string, string> = {
  arrested: '犯罪嫌疑人已落网',
  surrendered: '犯罪嫌疑人已投案自首',
  found_safe: '走失人员已平安找到',
  found_deceased: '走失人员已找到',
  closed_otherwise: '此案已办结',
};

/** The resolution first, when there is one: a resolved notice must not read as still open. */
export function resolutionLine(bulletin: RenderableBulletin): string {
  if (bulletin.expired) return '【已过期】此通报已过有效期，仅供参考。';
  if (!bulletin.resolution) return '';
  const note = bulletin.resolution.note ? `${bulletin.resolution.note}。` : '';
  return `【已结案：${OUTCOME[bulletin.resolution.outcome] ?? '已办结'}】${note}感谢广大网友关注。`;
}

export function publishedSummary(bulletin: RenderableBulletin): string {
  return maskIdNumbersInText(`${resolutionLine(bulletin)}${summaryLine(bulletin)}`);
}
