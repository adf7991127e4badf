// Checks the two documents the code leans on (run by `npm run lint`):
// - every `§N` cited in the sources (libs, apps, test, bench) is a heading of docs/protocol.md;
// - every file named in the message flow of docs/architecture.md exists.
// Exits 1 and lists each broken reference.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SOURCE_DIRS = ['libs', 'apps', 'test', 'bench'];
const SKIP = new Set(['node_modules', 'dist', 'coverage']);
const FLOW_HEADING = /^## One message, from `getupdates` to `sendmessage`/m;
const MIN_FLOW_FILES = 10;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|mjs|js)$/.test(entry.name)) yield path;
  }
}

/** The sections a citation names: `§16.19–20` names 16.19 and 16.20. */
export function citedSections(text) {
  const out = [];
  for (const m of text.matchAll(/§\s?(\d+(?:\.\d+)*)(?:\s?[–-]\s?(\d+)(?![.\d]))?/g)) {
    out.push(m[1]);
    if (m[2] === undefined) continue;
    const parts = m[1].split('.');
    const first = Number(parts.pop());
    for (let n = first + 1; n <= Number(m[2]); n++) out.push([...parts, String(n)].join('.'));
  }
  return out;
}

/** The section numbers of the Markdown headings of `text` (`## 5.` / `### 5.1`). */
export function headingSections(text) {
  return new Set([...text.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.?\s/gm)].map((m) => m[1]));
}

/** The backticked `.ts` paths of the flow section of `text`. */
export function flowFiles(text) {
  const start = text.search(FLOW_HEADING);
  if (start < 0) return undefined;
  const rest = text.slice(start + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...new Set([...section.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1]))];
}

function main() {
  const problems = [];
  const protocolPath = join(root, 'docs/protocol.md');
  const headings = existsSync(protocolPath)
    ? headingSections(readFileSync(protocolPath, 'utf8'))
    : new Set();
  if (headings.size === 0) problems.push('docs/protocol.md is missing or has no numbered headings');
  let citations = 0;
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const section of citedSections(text)) {
        citations += 1;
        if (!headings.has(section)) {
          problems.push(
            `${relative(root, file)} cites §${section}, not a heading of docs/protocol.md`,
          );
        }
      }
    }
  }
  const architecture = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
  const files = flowFiles(architecture);
  if (!files) {
    problems.push(
      'docs/architecture.md has no section "One message, from `getupdates` to `sendmessage`"',
    );
  } else {
    if (files.length < MIN_FLOW_FILES) {
      problems.push(
        `docs/architecture.md names ${files.length} files in its flow (fewer than ${MIN_FLOW_FILES})`,
      );
    }
    for (const file of files) {
      if (!existsSync(join(root, file)))
        problems.push(`docs/architecture.md names ${file}, which does not exist`);
    }
  }
  if (problems.length > 0) {
    console.error(`check-docs: ${problems.length} broken references\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    `check-docs: ${citations} protocol citations resolve; ${files.length} files of the architecture flow exist`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
