import { BULLETIN_KIND_LABELS } from '@mb/vocabulary';
import { maskIdNumbersInText } from './id-number-mask';
import { type RenderableBulletin } from './renderable-bulletin';

/** The kind as every post names it (微通缉, 微寻人, 微举报). */
export const KIND_TAG = BULLETIN_KIND_LABELS;

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
  return maskIdNumbersInText(`${resolutionLine(bulletin)}${bulletin.summary}`);
}
