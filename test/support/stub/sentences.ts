/**
 * Writes plausible analyst prose from the prompt's own words. Tests and demos read these
 * answers, so they should look like the domain ("Acme Robotics faces rising supplier
 * pressure…") rather than lorem ipsum, while staying fully deterministic.
 */
import type { TextVocabulary } from './prompt-analysis.js';
import type { PathChooser } from './random.js';

const qualities = ['steady', 'rising', 'moderate', 'significant', 'limited', 'resilient', 'uneven', 'growing'];
const outcomes = [
  'supports a cautious growth outlook',
  'points to pressure on margins',
  'strengthens the competitive position',
  'raises execution risk in the near term',
  'creates room for selective investment',
  'calls for closer monitoring of demand',
];

/** `keyFindings` → `key findings`, `evidence_ids` → `evidence ids`. */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.length > 0 ? words : 'item';
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => (/^[a-z]/.test(word) ? capitalize(word) : word))
    .join(' ');
}

export class SentenceWriter {
  constructor(
    private readonly vocabulary: TextVocabulary,
    private readonly chooser: PathChooser,
  ) {}

  private keyword(path: string, salt: string): string {
    return this.chooser.pick(path, this.vocabulary.keywords, salt);
  }

  /** Two different keywords when the prompt has them, so a sentence does not repeat itself. */
  private keywordPair(path: string): [string, string] {
    const keywords = this.vocabulary.keywords;
    const first = this.chooser.index(path, keywords.length, 'first');
    const offset = keywords.length > 1 ? 1 + this.chooser.index(path, keywords.length - 1, 'second') : 0;
    return [keywords[first]!, keywords[(first + offset) % keywords.length]!];
  }

  sentence(label: string, path: string): string {
    const topic = this.vocabulary.topic;
    const [first, second] = this.keywordPair(path);
    const quality = this.chooser.pick(path, qualities, 'quality');
    const outcome = this.chooser.pick(path, outcomes, 'outcome');
    // Templates avoid verb agreement with the label, which may be singular or plural.
    const templates = [
      `${capitalize(label)} for ${topic}: ${first} shows ${quality} momentum, and ${second} ${outcome}.`,
      `${capitalize(topic)} faces ${quality} pressure from ${first}, which ${outcome}.`,
      `On ${label}, ${topic} depends on ${first}; ${quality} change in ${second} ${outcome}.`,
      `${capitalize(first)} is ${withArticle(quality)} factor for ${topic}, and the trend in ${second} ${outcome}.`,
    ];
    return this.chooser.pick(path, templates, 'template');
  }

  /** Longer prose for fields that are meant to hold a paragraph. */
  paragraph(label: string, path: string): string {
    return `${this.sentence(label, path)} ${this.sentence(label, `${path}#2`)}`;
  }

  /**
   * Short title-like text. A top-level `name` is most likely the subject itself; names inside
   * arrays are items (initiatives, competitors), so they get distinct keyword titles.
   */
  title(label: string, path: string): string {
    if (label.endsWith('name') && !path.includes('[')) return this.vocabulary.topic;
    const keyword = this.keyword(path, 'title');
    // "project title" → "Pricing Project"; a bare "title" or "label" gets a generic noun instead.
    const subject = label.replace(/\s*(title|name|heading|label|headline)$/, '');
    const noun = subject.length > 0 ? subject : this.chooser.pick(path, ['outlook', 'priority', 'initiative', 'focus'], 'title-noun');
    return titleCase(`${keyword} ${noun}`);
  }

  /** A lowercase slug, for identifiers and record keys. */
  slug(path: string, salt = ''): string {
    return this.keyword(path, `slug${salt}`)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  }

  /** Plain-text answer that names every evidence id it was given. */
  answer(path: string, evidenceIds: readonly string[]): string {
    const topic = this.vocabulary.topic;
    const [first, second] = this.keywordPair(path);
    const opening = `Based on the material provided about ${topic}, ${first} and ${second} stand out.`;
    const body = this.sentence('assessment', `${path}#body`);
    if (evidenceIds.length === 0) {
      return `${opening} ${body} No evidence ids were provided, so this answer is general and carries low confidence.`;
    }
    const citations = evidenceIds.map((id) => `[${id}]`).join(', ');
    return `${opening} ${body} This assessment is supported by evidence ${citations}.`;
  }

  /** Reasoning text for the think-preamble fault: what a reasoning model leaks before answering. */
  thinking(path: string): string {
    return `The request is about ${this.vocabulary.topic}. I should look at ${this.keyword(path, 'think')} first and cite only the evidence I was given.`;
  }
}

/**
 * Fits text into [minimumLength, maximumLength]: pads with more prose, then cuts at a word
 * boundary, because a field limit that the stub ignores would fail validation downstream.
 */
export function fitLength(text: string, minimumLength: number, maximumLength: number, more: () => string): string {
  let result = text;
  let guard = 0;
  while (result.length < minimumLength && guard < 50) {
    result = `${result} ${more()}`;
    guard += 1;
  }
  if (result.length < minimumLength) result = result.padEnd(minimumLength, '.');
  if (result.length > maximumLength) {
    const cut = result.slice(0, maximumLength);
    const lastSpace = cut.lastIndexOf(' ');
    result = lastSpace >= Math.max(minimumLength, 1) ? cut.slice(0, lastSpace).replace(/[,;:]$/, '') : cut;
  }
  return result;
}
