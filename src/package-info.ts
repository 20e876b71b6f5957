import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from './project-root.js';

export interface PackageInfo {
  name: string;
  version: string;
}

/** The running code's name and version, from the package.json shipped beside it (src/ and dist/src/ alike). */
export function readPackageInfo(): PackageInfo {
  const raw: unknown = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8'));
  return z.object({ name: z.string(), version: z.string() }).parse(raw);
}
