// `npm start` runs the compiled bot. Compile first when dist/ is missing or older than src/, so that
// `npm install && npm start` works for a newcomer; where TypeScript is not installed (a production image
// built with `npm run build` and pruned dev dependencies), trust the existing build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist/src/main.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(out) || newest(path.join(root, 'src')) > statSync(out).mtimeMs;
if (stale) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    if (!existsSync(out)) {
      process.stderr.write(
        'dist/ is missing and TypeScript is not installed: run `npm ci && npm run build`.\n',
      );
      process.exit(1);
    }
    process.exit(0);
  }
  process.stderr.write('compiling (dist/ is missing or older than src/) …\n');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
