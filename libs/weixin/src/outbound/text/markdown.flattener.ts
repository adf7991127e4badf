import { nextFenceState, type OpenFence } from './markdown-fence.tracker.js';

/**
 * How outbound text is adapted to WeChat:
 * - `wechat`: the subset current WeChat clients render (protocol §13): code fences, inline code,
 *   tables, bold and rules stay; H5/H6 markers, image syntax and italics around CJK are removed;
 * - `plain`: every Markdown construct is reduced to its text (for old clients or plain channels);
 * - `none`: the text is sent as given.
 */
export type MarkdownMode = 'wechat' | 'plain' | 'none';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** Flattens `text` for WeChat per `mode`; code inside fences is never changed. */
export function flattenMarkdown(text: string, mode: MarkdownMode): string {
  if (mode === 'none') return text;
  const out: string[] = [];
  let open: OpenFence | null = null;
  for (const line of text.split('\n')) {
    const after = nextFenceState(open, line);
    const isFenceLine = after !== open;
    if (open && !isFenceLine) out.push(line);
    else if (isFenceLine) {
      if (mode === 'wechat') out.push(line);
    } else {
      const flat = mode === 'wechat' ? wechatLine(line) : plainLine(line);
      if (flat !== null) out.push(flat);
    }
    open = after;
  }
  return out.join('\n');
}

/** Applies `edit` to the parts of `line` outside inline code spans. */
function outsideCode(line: string, edit: (segment: string) => string): string {
  return line
    .split(/(`+[^`]*`+)/u)
    .map((segment, i) => (i % 2 === 1 ? segment : edit(segment)))
    .join('');
}

function wechatLine(line: string): string {
  const heading = /^ {0,3}#{5,6}\s+(.*?)\s*#*\s*$/u.exec(line);
  const body = heading ? heading[1]! : line;
  return outsideCode(body, (s) =>
    s
      .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
      .replace(/(^|[^*])\*(?!\*)([^*\n]+?)\*(?!\*)/gu, (m, pre: string, inner: string) =>
        CJK.test(inner) ? `${pre}${inner}` : m,
      )
      .replace(/(^|[^_\w])_(?!_)([^_\n]+?)_(?![_\w])/gu, (m, pre: string, inner: string) =>
        CJK.test(inner) ? `${pre}${inner}` : m,
      ),
  );
}

function plainLine(line: string): string | null {
  if (/^ {0,3}([-*_])( *\1){2,} *$/u.test(line)) return '';
  if (/^ *\|?[ :-]*-{3,}[ :|-]*\|?[ :|-]*$/u.test(line) && line.includes('|')) return null;
  let s = line
    .replace(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/u, '$1')
    .replace(/^(\s*)>\s?/u, '$1')
    .replace(/^(\s*)[-*+]\s+/u, '$1• ');
  s = s
    .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/gu, (_m, t: string, u: string) =>
      t === u ? t : `${t} (${u})`,
    )
    .replace(/`+([^`]+)`+/gu, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/gu, '$2')
    .replace(/(^|[^*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])/gu, '$1$2')
    .replace(/(^|[^_\w])_(?=\S)([^_]+?)(?<=\S)_(?![_\w])/gu, '$1$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/gu, '$1');
  if (/^\s*\|.*\|\s*$/u.test(s)) {
    s = s
      .trim()
      .replace(/^\||\|$/gu, '')
      .split('|')
      .map((c) => c.trim())
      .join('  ');
  }
  return s;
}
