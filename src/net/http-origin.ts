/** `http://host:port` for a listening address: 0.0.0.0 is reached on loopback, an IPv6 address in brackets. */
export function httpOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
