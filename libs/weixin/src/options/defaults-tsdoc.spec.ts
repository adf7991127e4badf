import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { WEIXIN_ADMIN_DEFAULTS } from '../admin/weixin-admin.defaults.js';
import { ILINK_CLIENT_DEFAULTS } from '../client/ilink-client.defaults.js';
import { WEIXIN_HEALTH_DEFAULTS } from '../health/weixin-health.constants.js';
import { WEIXIN_MODULE_DEFAULTS } from './weixin-module.defaults.js';

const SRC = join(process.cwd(), 'libs/weixin/src');
const DESCRIPTIVE = Symbol('descriptive');

interface DefaultTag {
  path: string;
  value: unknown;
  text: string;
}

/** The value a `@default` tag quotes: a number, string, boolean, null or list literal. */
function quotedValue(text: string): unknown {
  const number = /^-?\d[\d_]*(?![\w.])/.exec(text);
  if (number) return Number(number[0].replace(/_/g, ''));
  const string = /^'((?:[^'\\]|\\.)*)'/.exec(text);
  if (string) return string[1]!.replace(/\\n/g, '\n');
  const keyword = /^(true|false|null)\b/.exec(text);
  if (keyword) return JSON.parse(keyword[1]!);
  const list = /^\[([^\]]*)\]/.exec(text);
  if (list) {
    const items = list[1]!.trim();
    return items === '' ? [] : items.split(',').map((item) => quotedValue(item.trim()));
  }
  return DESCRIPTIVE;
}

/** Every `@default` of the properties of `roots` (interface name → path prefix) in `file`. */
function defaultTags(file: string, roots: Record<string, string>): DefaultTag[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(SRC, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const tags: DefaultTag[] = [];
  const visitMembers = (members: ts.NodeArray<ts.TypeElement>, prefix: string) => {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const path = `${prefix}${member.name.getText(source)}`;
      for (const tag of ts.getJSDocTags(member)) {
        if (tag.tagName.text !== 'default') continue;
        const text = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
        tags.push({ path, value: quotedValue(text), text });
      }
      if (member.type && ts.isTypeLiteralNode(member.type))
        visitMembers(member.type.members, `${path}.`);
    }
  };
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text in roots) {
      visitMembers(node.members, roots[node.name.text]!);
    }
  });
  return tags;
}

/** The scalar and list entries of a defaults table, by dotted path. */
function leaves(table: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(table)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [path, leaf] of leaves(value, `${prefix}${key}.`)) out.set(path, leaf);
    } else {
      out.set(`${prefix}${key}`, value);
    }
  }
  return out;
}

/**
 * Compares a defaults table with the `@default` tags: each tag that quotes a value quotes the
 * table's, and each entry of the table is quoted by a tag (except `untagged`).
 */
function expectQuoted(table: object, tags: DefaultTag[], untagged: string[] = []): void {
  const entries = leaves(table);
  const problems: string[] = [];
  for (const tag of tags) {
    if (!entries.has(tag.path)) {
      if (tag.value !== DESCRIPTIVE)
        problems.push(`${tag.path}: @default ${tag.text} is not in the table`);
      continue;
    }
    const expected = entries.get(tag.path);
    if (tag.value === DESCRIPTIVE) {
      problems.push(
        `${tag.path}: @default "${tag.text}" does not quote ${JSON.stringify(expected)}`,
      );
    } else if (JSON.stringify(tag.value) !== JSON.stringify(expected)) {
      problems.push(
        `${tag.path}: @default ${tag.text} but the table has ${JSON.stringify(expected)}`,
      );
    }
  }
  const tagged = new Set(tags.map((t) => t.path));
  for (const path of entries.keys()) {
    if (!tagged.has(path) && !untagged.includes(path)) problems.push(`${path}: no @default tag`);
  }
  expect(problems).toEqual([]);
}

describe('defaults tables and the @default tags that quote them', () => {
  it('WeixinModuleOptions', () => {
    const tags = [
      ...defaultTags('interfaces/weixin-module-options.interface.ts', { WeixinModuleOptions: '' }),
      ...defaultTags('interfaces/weixin-inbound-options.interface.ts', {
        WeixinPollingOptions: 'polling.',
        WeixinDispatchOptions: 'dispatch.',
        WeixinInboxOptions: 'inbox.',
        WeixinLeaseOptions: 'leases.',
      }),
      ...defaultTags('interfaces/weixin-send-options.interface.ts', { WeixinSendOptions: 'send.' }),
      ...defaultTags('interfaces/weixin-typing-options.interface.ts', {
        WeixinTypingOptions: 'typing.',
      }),
      ...defaultTags('interfaces/weixin-media-options.interface.ts', {
        WeixinMediaOptions: 'media.',
      }),
    ];
    expect(tags.length).toBeGreaterThan(40);
    expectQuoted(WEIXIN_MODULE_DEFAULTS, tags);
  });

  it('IlinkClientOptions', () => {
    const tags = defaultTags('client/ilink-client.options.ts', {
      IlinkClientOptions: '',
      IlinkClientTimeouts: 'timeouts.',
      IlinkConnectionPoolOptions: 'pool.',
    });
    expectQuoted(ILINK_CLIENT_DEFAULTS, tags);
  });

  it('WeixinAdminOptions', () => {
    const tags = defaultTags('admin/weixin-admin.options.ts', { WeixinAdminOptions: '' });
    expectQuoted(WEIXIN_ADMIN_DEFAULTS, tags);
  });

  it('WeixinHealthCheckOptions (the indicator key is a parameter, not an option)', () => {
    const tags = defaultTags('health/weixin.health.ts', { WeixinHealthCheckOptions: '' });
    expectQuoted(WEIXIN_HEALTH_DEFAULTS, tags, ['key']);
  });

  it('notices a tag that no longer quotes its table', () => {
    const tags: DefaultTag[] = [{ path: 'a', value: 2, text: '2' }];
    expect(() => expectQuoted({ a: 1 }, tags)).toThrow();
    expect(() => expectQuoted({ a: 1, b: 2 }, [{ path: 'a', value: 1, text: '1' }])).toThrow();
    expect(quotedValue("'\\n…（truncated）'")).toBe('\n…（truncated）');
    expect(quotedValue('604800000 (7 days)')).toBe(604_800_000);
    expect(quotedValue("['*.weixin.qq.com', '*.qq.com']")).toEqual(['*.weixin.qq.com', '*.qq.com']);
  });
});
