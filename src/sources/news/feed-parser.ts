import { XMLParser } from 'fast-xml-parser';

/** One item of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, reduced to what evidence needs. */
export interface FeedItem {
  title: string;
  link: string;
  /** Plain text, markup removed. */
  summary: string;
  /** ISO timestamp when the feed dates the item. */
  publishedAt?: string;
  /** The publisher named by the item (Google News `<source>`, Atom author), else the feed's title. */
  publisher?: string;
  id?: string;
}

export interface ParsedFeed {
  title: string;
  link?: string;
  items: FeedItem[];
}

type Node = unknown;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

function text(node: Node): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') {
    const record = node as Record<string, Node>;
    if ('#text' in record) return text(record['#text']);
  }
  return '';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Markup out, entities decoded, whitespace collapsed: descriptions are HTML inside XML. */
export function stripMarkup(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (entity, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function isoDate(value: string): string | undefined {
  if (value.length === 0) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function atomLink(links: Node): string {
  if (!Array.isArray(links)) return text(links);
  const records = links.filter((link): link is Record<string, Node> => typeof link === 'object' && link !== null);
  const alternate = records.find((link) => link['@_rel'] === undefined || link['@_rel'] === 'alternate') ?? records[0];
  if (alternate !== undefined && typeof alternate['@_href'] === 'string') return alternate['@_href'];
  return text(links[0]);
}

function rssItem(item: Record<string, Node>, feedTitle: string): FeedItem | undefined {
  const link = text(item.link) || text(item.guid);
  const title = stripMarkup(text(item.title));
  if (title.length === 0 && link.length === 0) return undefined;
  const entry: FeedItem = { title: title || link, link, summary: stripMarkup(text(item.description) || text(item['content:encoded'])) };
  const publishedAt = isoDate(text(item.pubDate) || text(item['dc:date']));
  if (publishedAt) entry.publishedAt = publishedAt;
  const publisher = text(item.source) || feedTitle;
  if (publisher) entry.publisher = stripMarkup(publisher);
  const id = text(item.guid);
  if (id) entry.id = id;
  return entry;
}

function atomEntry(entry: Record<string, Node>, feedTitle: string): FeedItem | undefined {
  const link = atomLink(entry.link);
  const title = stripMarkup(text(entry.title));
  if (title.length === 0 && link.length === 0) return undefined;
  const item: FeedItem = { title: title || link, link, summary: stripMarkup(text(entry.summary) || text(entry.content)) };
  const publishedAt = isoDate(text(entry.published) || text(entry.updated));
  if (publishedAt) item.publishedAt = publishedAt;
  const author = typeof entry.author === 'object' && entry.author !== null ? text((entry.author as Record<string, Node>).name) : '';
  if (author || feedTitle) item.publisher = author || feedTitle;
  const id = text(entry.id);
  if (id) item.id = id;
  return item;
}

/**
 * Parses RSS 2.0, RSS 1.0 (RDF) and Atom. The document type declaration is removed before
 * parsing, so a feed cannot declare entities (no entity expansion attacks); external entities
 * are never resolved by the parser. Throws when the text is not a feed.
 */
export function parseFeed(xml: string): ParsedFeed {
  const safe = xml.replace(/^\uFEFF/, '').replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
  const document = parser.parse(safe) as Record<string, Node>;
  const rss = document.rss as Record<string, Node> | undefined;
  if (rss !== undefined && typeof rss === 'object') {
    const channel = (rss.channel ?? {}) as Record<string, Node>;
    const title = stripMarkup(text(channel.title));
    const items = ((channel.item ?? []) as Record<string, Node>[]).map((item) => rssItem(item, title)).filter((item): item is FeedItem => item !== undefined);
    const link = text(channel.link);
    return link ? { title, link, items } : { title, items };
  }
  const rdf = document['rdf:RDF'] as Record<string, Node> | undefined;
  if (rdf !== undefined && typeof rdf === 'object') {
    const channel = (rdf.channel ?? {}) as Record<string, Node>;
    const title = stripMarkup(text(channel.title));
    const items = ((rdf.item ?? []) as Record<string, Node>[]).map((item) => rssItem(item, title)).filter((item): item is FeedItem => item !== undefined);
    return { title, items };
  }
  const feed = document.feed as Record<string, Node> | undefined;
  if (feed !== undefined && typeof feed === 'object') {
    const title = stripMarkup(text(feed.title));
    const items = ((feed.entry ?? []) as Record<string, Node>[]).map((entry) => atomEntry(entry, title)).filter((item): item is FeedItem => item !== undefined);
    const link = atomLink(feed.link);
    return link ? { title, link, items } : { title, items };
  }
  throw new Error('not an RSS or Atom feed');
}
