import { hostname } from 'node:os';
import { readPackageInfo } from './package-info.js';

export interface ServiceInfo {
  service: string;
  version: string;
  /** Which process wrote a line: the host (a container's id, a dyno's name) and the process id. */
  instance: string;
}

/** Who is logging, on every line: read once at start. */
export function serviceInfo(): ServiceInfo {
  const pkg = readPackageInfo();
  return { service: pkg.name, version: pkg.version, instance: `${hostname()}:${process.pid}` };
}
