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
<html lang="en"><head><meta charset="utf-8"><title>Webex (emulated) - Authorize ${esc(req.integration.name)}</title></head>
<body>
<h1>Allow ${esc(req.integration.name)} to:</h1>
<ul id="scopes">${scopes}</ul>
<form method="post" action="authorize">
${hidden('client_id', req.integration.clientId)}${hidden('redirect_uri', req.redirectUri)}${hidden('response_type', 'code')}${hidden('scope', req.scopes.join(' '))}${hidden('state', req.state)}
<label for="person">Signed in as</label>
<select id="person" name="person">${groups}</select>
<button type="submit" name="decision" value="accept" id="accept">Accept</button>
<button type="submit" name="decision" value="cancel" id="cancel">Cancel</button>
</form>
</body></html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Webex (emulated) - Authorization error</title></head><body><h1>Authorization error</h1><p id="error">${esc(message)}</p></body></html>`;
}
