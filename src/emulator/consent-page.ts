import type { AuthorizeRequest } from './oauth.js';
import { describeScope } from './scopes.js';
import type { EmulatorState } from './state.js';

const esc = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = [
  'body{font-family:system-ui,-apple-system,sans-serif;background:#f4f5f7;color:#1d1d1f;margin:0}',
  'main{max-width:34rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0002}',
  '.brand{font-weight:600;color:#07c;margin:0 0 .5rem}.brand span{color:#888;font-weight:400}',
  'h1{font-size:1.3rem;margin:.2rem 0 1rem}ul{padding-left:1.2rem;line-height:1.5}',
  'code{font-size:.8em;color:#666;display:block}label{display:block;margin:1.2rem 0 .3rem;font-weight:600}',
  'select{width:100%;padding:.5rem;border-radius:6px;border:1px solid #bbb;font-size:1rem}',
  '.buttons{display:flex;justify-content:flex-end;gap:.6rem;margin-top:1.5rem}',
  'button{font-size:1rem;padding:.55rem 1.3rem;border-radius:999px;border:1px solid #888;background:#fff;cursor:pointer}',
  '#accept{background:#07c;border-color:#07c;color:#fff}',
].join('');

/**
 * The stand-in for Webex's sign-in and consent screens: pick who is signing in (any person of the emulated
 * orgs), then Accept or Cancel. Browser tests drive it; API tests use autoApprove instead.
 */
export function consentPage(state: EmulatorState, req: AuthorizeRequest, selectedPersonId?: string): string {
  const hidden = (name: string, value: string | undefined): string =>
    value === undefined ? '' : `<input type="hidden" name="${name}" value="${esc(value)}">`;
  const groups = [...state.orgs.values()]
    .map((org) => {
      const options = [...state.people.values()]
        .filter((p) => p.orgId === org.id && p.type === 'person')
        .map((p) => {
          const sel = p.id === selectedPersonId ? ' selected' : '';
          return `<option value="${esc(p.id)}"${sel}>${esc(p.displayName)} &lt;${esc(p.emails[0] ?? '')}&gt; (${esc(p.role)})</option>`;
        })
        .join('');
      return options ? `<optgroup label="${esc(org.displayName)}">${options}</optgroup>` : '';
    })
    .join('');
  const scopes = req.scopes.map((s) => `<li>${esc(describeScope(s))} <code>${esc(s)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Webex (emulated) - Authorize ${esc(req.integration.name)}</title>
<style>${STYLE}</style></head>
<body><main>
<p class="brand">Webex <span>(emulated)</span></p>
<h1>Allow ${esc(req.integration.name)} to:</h1>
<ul id="scopes">${scopes}</ul>
<form method="post" action="authorize">
${hidden('client_id', req.integration.clientId)}${hidden('redirect_uri', req.redirectUri)}${hidden('response_type', 'code')}${hidden('scope', req.scopes.join(' '))}${hidden('state', req.state)}
<label for="person">Signed in as</label>
<select id="person" name="person">${groups}</select>
<div class="buttons">
<button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
<button type="submit" name="decision" value="accept" id="accept">Accept</button>
</div>
</form>
</main></body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Webex (emulated) - Authorization error</title></head><body><h1>Authorization error</h1><p id="error">${esc(message)}</p></body></html>`;
}
