import type { ShownBulletinPage, WithdrawnBulletinPage } from '@mb/interop';
import { escapeHtml } from '@mb/platforms';
import { PUBLIC_PAGE_STYLE, TIP_FORM_HTML } from '../tips/tip-page';

const SITE_NAME = '警方通告';

function head(title: string, description: string, url: string, image: string | null, extra = ''): string {
  const e = escapeHtml;
  // Open Graph for most apps; schema.org itemprops are what WeChat's share card reads without its JS SDK.
  return `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<meta name="description" content="${e(description)}">
<link rel="canonical" href="${e(url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:locale" content="zh_CN">
<meta property="og:title" content="${e(title)}">
<meta property="og:description" content="${e(description)}">
<meta property="og:url" content="${e(url)}">
${image ? `<meta property="og:image" content="${e(image)}">\n` : ''}<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta itemprop="name" content="${e(title)}">
<meta itemprop="description" content="${e(description)}">
${image ? `<meta itemprop="image" content="${e(image)}">\n` : ''}${extra}<style>${PUBLIC_PAGE_STYLE}</style>`;
}

function shareText(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** A bulletin's public page: what a share opens, readable on a phone without any script; the script only drives the tip form. */
export function bulletinPageHtml(page: ShownBulletinPage): string {
  const e = escapeHtml;
  const { facts } = page;
  const title = `${page.banner ? `【${page.banner.text}】` : ''}${page.kindLabel}：${page.title}`;
  const rows: Array<[string, string]> = [
    ...(facts.rewardCny !== null ? ([['悬赏金额', `人民币${facts.rewardCny.toLocaleString('zh-CN')}元`]] as Array<[string, string]>) : []),
    ...(facts.rewardText ? ([['悬赏说明', facts.rewardText]] as Array<[string, string]>) : []),
    ...(facts.caseNumber ? ([['案件编号', facts.caseNumber]] as Array<[string, string]>) : []),
    ['发布单位', page.issuerName],
    ...(page.publishedAt ? ([['发布时间', page.publishedAt]] as Array<[string, string]>) : []),
  ];
  const hotline = facts.hotline
    ? `<p class="hotline">线索电话：<a href="tel:${e(facts.hotline.replace(/[^0-9+]/g, ''))}">${e(facts.hotline)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
${head(title, shareText(page.summary), page.pageUrl, page.photos[0] ?? null, `<link rel="alternate" type="application/cap+xml" href="${e(page.capUrl)}">\n`)}
</head>
<body data-rendered="bulletin" data-open="${page.openForTips ? 'yes' : 'no'}" data-asks-location="${page.asksForLocation ? 'yes' : 'no'}">
<main>
${page.banner ? `  <div class="banner${page.banner.tone === 'expired' ? ' expired' : ''}" role="status">${e(page.banner.text)}</div>\n` : ''}  <article class="card" id="bulletin" itemscope itemtype="https://schema.org/Article">
    <span class="tag">${e(page.kindLabel)}</span>
    <h1 itemprop="headline">${e(page.title)}</h1>
${page.photos.length ? `    <div class="photos">${page.photos.map((photo, index) => `<img src="${e(photo)}" alt="${e(`${page.kindLabel}照片${index + 1}`)}" itemprop="image">`).join('')}</div>\n` : ''}    <p id="summary">${e(page.summary)}</p>
    <div class="body">${e(page.body)}</div>
    <dl>${rows.map(([term, value]) => `<dt>${e(term)}</dt><dd>${e(value)}</dd>`).join('')}</dl>
    ${hotline}
  </article>
${page.openForTips ? TIP_FORM_HTML : '  <p class="card hint">此通告已不再接收线索，感谢您的关注。</p>\n'}</main>
${page.openForTips ? '<script src="/t/assets/tip-page.js"></script>\n' : ''}</body>
</html>`;
}

/** A withdrawn bulletin's page says only that: nothing of what it said stays public. */
export function withdrawnPageHtml(page: WithdrawnBulletinPage): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
${head('该通告已撤回', '发布单位已撤回此通告，其内容不再有效。', page.pageUrl, null, '<meta name="robots" content="noindex">\n')}
</head>
<body>
<main>
  <section class="card" role="status">
    <h1>该通告已撤回</h1>
    <p>发布单位已撤回此通告，其内容不再有效。感谢您的关注。</p>
  </section>
</main>
</body>
</html>`;
}

/** An unknown code: no bulletin behind it, or one the public never saw. */
export const UNKNOWN_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>未找到通告</title>
<meta name="robots" content="noindex"><style>${PUBLIC_PAGE_STYLE}</style></head>
<body><main><section class="card"><h1>未找到该通告</h1><p>请核对链接是否完整。</p></section></main></body>
</html>`;
