import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';

export interface ServiceInfo {
  service: string;
  version: string;
  /** Which process wrote a line: the host (a container's id, a dyno's name) and the process id. */
  instance: string;
}

/** Who is logging: from package.json and the host, read once at start. */
export function serviceInfo(): ServiceInfo {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { service: pkg.name, version: pkg.version, instance: `${hostname()}:${process.pid}` };
}
