import { readFileSync } from 'node:fs';
import { ROOT } from './consumer-app.js';

// Every TypeScript block of the README is a file of a consumer app, quoted whole, so the README
// shows only code that `consumers.e2e-spec.ts` compiles and runs.
const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
const blocks = [...readme.matchAll(/(?:<!-- file: (\S+) -->\n)?```ts\n([\s\S]*?)\n```/g)].map(
  (m) => ({ file: m[1], code: m[2]! }),
);

describe('the README', () => {
  it('has TypeScript blocks, each quoting a consumer app file', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((b) => !b.file).map((b) => b.code.slice(0, 80))).toEqual([]);
    for (const b of blocks) expect(b.file).toMatch(/^test\/consumers\/[\w-]+\/src\/[\w.-]+\.ts$/);
  });

  it.each(blocks.filter((b) => b.file).map((b) => [b.file!, b.code] as const))(
    'quotes %s exactly as it is',
    (file, code) => {
      expect(code).toBe(readFileSync(`${ROOT}/${file}`, 'utf8').replace(/\n$/, ''));
    },
  );

  it('imports only the package by its name, never a path alias of this repository', () => {
    expect(readme).not.toMatch(/from '@app\//);
    expect(readme).not.toMatch(/from '\.\.?\/.*libs\//);
  });
});
