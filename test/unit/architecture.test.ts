import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/run-main.js';

const SRC = path.join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a module (type-only ones too: a cycle of types still ties the modules together). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map(
    (m) => m[1]!,
  );
  return specs.map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

describe('architecture', () => {
  it('src/ has no import cycle', () => {
    const graph = new Map(tsFiles(SRC).map((f) => [f, importsOf(f)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((p) => path.relative(SRC, p)).join(' > '));
        return;
      }
      state.set(f, 'visiting');
      for (const g of graph.get(f) ?? []) if (graph.has(g)) visit(g, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    assert.deepEqual(cycles, []);
  });

  it('the emulator imports nothing from the bot', () => {
    const emulator = path.join(SRC, 'emulator');
    for (const f of tsFiles(emulator))
      for (const g of importsOf(f))
        assert.ok(
          g.startsWith(emulator + path.sep),
          `${path.relative(SRC, f)} imports ${path.relative(SRC, g)}`,
        );
  });
});
