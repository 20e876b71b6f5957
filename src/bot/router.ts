/** What a chat message asks for. Pure: text in, command out; unknown text falls back to a help pointer. */
export type Command =
  | { kind: 'help' }
  | { kind: 'voicemail.form' }
  | { kind: 'voicemail.show' }
  | { kind: 'voicemail.set'; args: string }
  | { kind: 'login' }
  | { kind: 'logout' }
  | { kind: 'whoami' }
  | { kind: 'org.show' }
  | { kind: 'org.list'; page: number }
  | { kind: 'org.find'; text: string }
  | { kind: 'org.use'; arg: string }
  | { kind: 'unknown'; text: string };

/** `text` is the command alone: in a group space, what commandText found next to the bot's mention. */
export function routeMessage(text: string): Command {
  const body = text.replace(/\s+/g, ' ').trim();
  const m = /^\/?([a-z]+)(?:\s+(.*))?$/i.exec(body);
  if (!m) return { kind: 'unknown', text: body };
  const word = (m[1] ?? '').toLowerCase();
  const rest = (m[2] ?? '').trim();
  const [sub = '', ...more] = rest.split(' ');
  const subLower = sub.toLowerCase();
  const tail = more.join(' ');

  switch (word) {
    case 'help':
    case 'start':
      return { kind: 'help' };
    case 'voicemail':
    case 'vm':
      if (!rest) return { kind: 'voicemail.form' };
      if (subLower === 'show' && !tail) return { kind: 'voicemail.show' };
      if (subLower === 'set') return { kind: 'voicemail.set', args: tail };
      if (subLower === 'form' && !tail) return { kind: 'voicemail.form' };
      return { kind: 'unknown', text: body };
    case 'login':
    case 'signin':
      return rest ? { kind: 'unknown', text: body } : { kind: 'login' };
    case 'logout':
    case 'signout':
      return rest ? { kind: 'unknown', text: body } : { kind: 'logout' };
    case 'whoami':
      return rest ? { kind: 'unknown', text: body } : { kind: 'whoami' };
    case 'org':
      if (!rest || (subLower === 'show' && !tail)) return { kind: 'org.show' };
      if (subLower === 'list' && !tail) return { kind: 'org.list', page: 1 };
      if (subLower === 'list' && /^[0-9]{1,4}$/.test(tail)) return { kind: 'org.list', page: Number(tail) };
      if (subLower === 'find') return { kind: 'org.find', text: tail };
      if (subLower === 'use' && tail) return { kind: 'org.use', arg: tail };
      return { kind: 'unknown', text: body };
    default:
      return { kind: 'unknown', text: body };
  }
}
