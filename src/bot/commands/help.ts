export const HELP_MARKDOWN = [
  '**Voicemail rules bot**: view and change your organization’s voicemail passcode rules.',
  '',
  '- `/voicemail`: a form with the current rules; change what you need and press Save',
  '- `/voicemail show`: the current rules and the PIN rules Webex enforces',
  '- `/voicemail set key=value …`: change rules in one line, e.g. `/voicemail set expire=60 history=5`',
  '  keys: `pin-enabled=on|off`, `pin=<digits>` (1:1 only), `expire=off|15–100` days, `change=off|1–7` days, `history=off|1–10` passcodes',
  '- `/login`, `/logout`, `/whoami`: your Webex access',
  '- `/org`, `/org list`, `/org find <text>`, `/org use <name>`: partner admins choose the organization',
  '- `/help`: this message',
  '',
  'In a group space, mention me in the message. Only full administrators can change the rules.',
].join('\n');

export const UNKNOWN_MARKDOWN = "I didn't understand that. Say `/help` to see what I can do.";
