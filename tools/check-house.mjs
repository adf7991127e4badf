// Checks two house limits (run by `npm run lint`):
// - no class constructor in libs/*/src takes more than 6 parameters (its dependencies);
// - no non-spec `.ts` file in libs/, apps/ or bench/ is longer than 300 lines.
// Files that still break a limit are listed in tools/house.baseline.json, to be split as their
// folders are reworked; any other breach fails, and so does a listed file that now complies
// (the list only shrinks). `--write-baseline` records the current breaches.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LINE_DIRS = ['libs', 'apps', 'bench'];
const LIBS = 'libs';
const SKIP = new Set(['node_modules', 'dist', 'coverage']);
const BASELINE = join(root, 'tools/house.baseline.json');
export const MAX_LINES = 300;
export const MAX_CONSTRUCTOR_PARAMS = 6;

function* tsFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) yield path;
  }
}

/** The number of lines of `text` (a final newline ends the last line, it does not add one). */
export function lineCount(text) {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Each class of `text` with a constructor and its parameter count. */
export function constructorParams(path, text) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const out = [];
  const visit = (node) => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const ctor = node.members.find((m) => ts.isConstructorDeclaration(m) && m.body);
      if (ctor)
        out.push({ name: node.name?.text ?? '(anonymous)', params: ctor.parameters.length });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The breaches of the two limits, keyed by file: `lines: N` or `Class constructor: N params`. */
function breaches() {
  const found = new Map();
  const add = (file, what) => {
    const key = relative(root, file);
    found.set(key, [...(found.get(key) ?? []), what]);
  };
  for (const dir of LINE_DIRS) {
    for (const file of tsFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const lines = lineCount(text);
      if (lines > MAX_LINES) add(file, `${lines} lines (max ${MAX_LINES})`);
      if (!relative(root, file).startsWith(`${LIBS}/`) || !/\/src\//.test(file)) continue;
      for (const { name, params } of constructorParams(file, text)) {
        if (params > MAX_CONSTRUCTOR_PARAMS) {
          add(file, `${name} constructor: ${params} parameters (max ${MAX_CONSTRUCTOR_PARAMS})`);
        }
      }
    }
  }
  return found;
}

function main() {
  const current = breaches();
  if (process.argv.includes('--write-baseline')) {
    const files = [...current.keys()].sort();
    writeFileSync(BASELINE, `${JSON.stringify({ files }, null, 2)}\n`);
    console.log(`check-house: ${files.length} files recorded`);
    return;
  }
  const baseline = new Set(
    existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')).files : [],
  );
  const problems = [];
  for (const [file, what] of current) {
    if (!baseline.has(file)) problems.push(`${file}: ${what.join('; ')}`);
  }
  for (const file of baseline) {
    if (!current.has(file)) {
      problems.push(`${file} now complies: remove it from ${relative(root, BASELINE)}`);
    }
  }
  if (problems.length > 0) {
    console.error(`check-house: ${problems.length} problems\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const known = [...current].map(([file, what]) => `\n  known: ${file}: ${what.join('; ')}`);
  console.log(
    `check-house: constructors <= ${MAX_CONSTRUCTOR_PARAMS} parameters, files <= ${MAX_LINES} lines; ${current.size} known exceptions left (tools/house.baseline.json)${known.join('')}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
