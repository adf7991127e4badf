// Fails on an import cycle between files or between folders of the libraries (run by
// `npm run lint`). Every static import and re-export counts, type-only ones too; specs do not.
// A folder is a top-level folder of a library's `src/` (its subfolders belong to it); a file
// directly in `src/` is a unit of its own.
//
// File cycles: none allowed. Folder cycles: the imports between folders that still close a cycle
// are listed in tools/folder-cycles.baseline.json, to be removed as the folders are untangled;
// any other import that closes a folder cycle fails, and so does a listed one that no longer
// does (the list only shrinks). `--write-baseline` records the current ones.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LIBRARIES = ['libs/weixin/src', 'libs/ilink-simulator/src'];
const BASELINE = join(root, 'tools/folder-cycles.baseline.json');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(entry.name)) yield path;
  }
}

/** The specifiers of every import, re-export and `import()` type of a file. */
export function importsOf(path, text = readFileSync(path, 'utf8')) {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const out = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      out.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The file a relative specifier names (`./x.js` → `x.ts`, a folder → its `index.ts`). */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Strongly connected components of more than one node (Tarjan). */
export function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const strong = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) strong(v);
  return found;
}

/** The unit of a file for the folder graph: `lib:folder`, or `lib:file.ts` directly in src. */
function folderOf(library, file) {
  const parts = relative(join(root, library), file).split(sep);
  return `${library}:${parts.length === 1 ? parts[0] : `${parts[0]}/`}`;
}

/** The folder edges inside the cycles `components`, each with one import that makes it. */
function cycleEdges(components, edges) {
  const componentOf = new Map();
  components.forEach((c, i) => c.forEach((unit) => componentOf.set(unit, i)));
  return new Map(
    [...edges].filter(([key]) => {
      const [a, b] = key.split(' -> ');
      return componentOf.has(a) && componentOf.get(a) === componentOf.get(b);
    }),
  );
}

function main() {
  const writeBaseline = process.argv.includes('--write-baseline');
  const baseline = new Set(
    existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')).folderCycleEdges : [],
  );
  const problems = [];
  const current = new Map();
  let fileCount = 0;
  for (const library of LIBRARIES) {
    const files = new Map();
    const folders = new Map();
    const folderEdges = new Map();
    for (const file of sourceFiles(join(root, library))) {
      fileCount += 1;
      const targets = new Set();
      for (const specifier of importsOf(file)) {
        const target = resolveImport(file, specifier);
        if (!target || !target.startsWith(join(root, library))) continue;
        targets.add(target);
        const from = folderOf(library, file);
        const to = folderOf(library, target);
        if (from === to) continue;
        if (!folders.has(from)) folders.set(from, new Set());
        folders.get(from).add(to);
        const key = `${from} -> ${to}`;
        if (!folderEdges.has(key)) {
          folderEdges.set(key, `${relative(root, file)} imports ${relative(root, target)}`);
        }
      }
      files.set(file, targets);
    }
    for (const component of cycles(files)) {
      problems.push(`file cycle: ${component.map((f) => relative(root, f)).join(' <-> ')}`);
    }
    for (const [key, example] of cycleEdges(cycles(folders), folderEdges))
      current.set(key, example);
  }
  if (writeBaseline) {
    const folderCycleEdges = [...current.keys()].sort();
    writeFileSync(BASELINE, `${JSON.stringify({ folderCycleEdges }, null, 2)}\n`);
    console.log(`check-cycles: ${folderCycleEdges.length} folder cycle edges recorded`);
    return;
  }
  for (const [key, example] of current) {
    if (!baseline.has(key)) problems.push(`new folder cycle edge: ${key}  (${example})`);
  }
  for (const key of baseline) {
    if (!current.has(key)) {
      problems.push(
        `${key} no longer closes a folder cycle: remove it from ${relative(root, BASELINE)}`,
      );
    }
  }
  if (problems.length > 0) {
    console.error(`check-cycles: ${problems.length} problems\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    `check-cycles: no file cycle in ${fileCount} files; ${current.size} known folder cycle edges left (tools/folder-cycles.baseline.json)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
