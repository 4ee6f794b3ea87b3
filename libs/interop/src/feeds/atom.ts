import { create } from 'xmlbuilder2';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export interface AtomLink {
  href: string;
  rel: 'alternate' | 'related' | 'self' | 'enclosure';
  type: string;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string;
  author: string;
  summary: string;
  links: AtomLink[];
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  updated: string;
  author: string;
  self: string;
  entries: AtomEntry[];
}

/** An Atom 1.0 document (RFC 4287). */
export function atomXml(feed: AtomFeed): string {
  const link = (value: AtomLink) => ({ '@rel': value.rel, '@type': value.type, '@href': value.href });
  return create(
    { version: '1.0', encoding: 'UTF-8' },
    {
      feed: {
        '@xmlns': 'http://www.w3.org/2005/Atom',
        '@xml:lang': 'zh-CN',
        id: feed.id,
        title: feed.title,
        subtitle: feed.subtitle,
        updated: feed.updated,
        author: { name: feed.author },
        link: link({ href: feed.self, rel: 'self', type: 'application/atom+xml' }),
        entry: feed.entries.map((entry) => ({
          id: entry.id,
          title: entry.title,
          updated: entry.updated,
          ...(entry.published ? { published: entry.published } : {}),
          author: { name: entry.author },
          summary: entry.summary,
          link: entry.links.map(link),
          category: entry.categories.map((term) => ({ '@term': term })),
        })),
      },
    },
  ).end({ prettyPrint: true });
}
