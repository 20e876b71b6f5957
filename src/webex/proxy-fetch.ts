import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from './webex-client.js';

/** The proxy settings as the usual variables give them (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
export interface ProxySettings {
  httpsProxy?: string;
  httpProxy?: string;
  noProxy?: string;
}

/**
 * fetch through the company's outbound proxy, as the Webex SDK the framework uses already does: Node's global
 * fetch ignores HTTPS_PROXY, so the bot's own calls would otherwise try to go out directly and fail.
 */
export function proxyFetch(proxy: ProxySettings): FetchLike {
  const dispatcher = new EnvHttpProxyAgent(proxy);
  // host:port only: a proxy URL may carry credentials.
  const hosts = [
    ...new Set([proxy.httpsProxy, proxy.httpProxy].flatMap((u) => (u ? [new URL(u).host] : []))),
  ];
  const label = `through the outbound proxy ${hosts.join(' / ')} (HTTPS_PROXY/HTTP_PROXY, unless NO_PROXY matches)`;
  return async (url, init) => {
    try {
      return await undiciFetch(url, { ...init, dispatcher });
    } catch (err) {
      // The operator must see that a refusal came from the proxy (a 403 on CONNECT, a 407), not from Webex.
      if (!(err instanceof Error) || err.name === 'TimeoutError' || err.name === 'AbortError') throw err;
      throw new Error(label, { cause: err });
    }
  };
}
