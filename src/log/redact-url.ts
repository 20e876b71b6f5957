/** A connection URL fit for a log line: any password in it replaced by `***`. */
export function redactUrl(url: string): string {
  // By hand rather than with URL: a value that URL cannot parse must not come out unredacted.
  return (
    url
      .replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, (_m, scheme: string, userinfo: string) => {
        const colon = userinfo.indexOf(':');
        return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
      })
      // ioredis also takes `?password=` in the query.
      .replace(/([?&]password=)[^&#]*/gi, '$1***')
  );
}

/**
 * The password in a connection URL, as written and decoded, for the secret registry (a driver's error
 * message could quote either form). A URL without userinfo has none.
 */
export function urlPasswords(url: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url);
  const query = /[?&]password=([^&#]+)/i.exec(url)?.[1];
  const userinfo = m?.[1];
  const colon = userinfo?.indexOf(':') ?? -1;
  // redis://secret@host: ioredis takes a lone userinfo as the password.
  const raw = query ?? (userinfo ? (colon === -1 ? userinfo : userinfo.slice(colon + 1)) : undefined);
  if (!raw) return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not percent-encoded properly: the raw form is all there is.
  }
  return [...new Set([raw, decoded])];
}
