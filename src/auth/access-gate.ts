/** Operator's allow-list: by email domain and/or org id. Both empty: everyone may sign in. */
export interface AccessGate {
  allows(person: { emails: string[]; orgId?: string }): boolean;
}

export function createAccessGate(opts: { emailDomains: string[]; orgIds: string[] }): AccessGate {
  const domains = opts.emailDomains.map((d) => d.toLowerCase().replace(/^@/, ''));
  const orgs = new Set(opts.orgIds);
  const open = domains.length === 0 && orgs.size === 0;
  return {
    allows(person) {
      if (open) return true;
      const byOrg = person.orgId !== undefined && orgs.has(person.orgId);
      const byDomain = person.emails.some((e) => {
        const d = e.toLowerCase().split('@')[1];
        return d !== undefined && domains.includes(d);
      });
      return byOrg || byDomain;
    },
  };
}

export const GATE_REFUSAL =
  'Sorry, this bot is limited to the organizations it was set up for, so I can’t work with your account. ' +
  'Nothing was stored. If you think that is a mistake, ask the person who runs this bot.';
