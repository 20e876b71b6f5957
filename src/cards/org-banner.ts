import { escapeMarkdown, md } from '../markdown.js';
import { shortName } from '../short-name.js';

/** The org a card or summary is about, as its first line names it. */
export interface OrgBannerInput {
  /** From Webex: escaped here, never trusted. */
  orgName: string;
  /** A partner acting on a customer org chosen with `/org use`, not on their own org. */
  customer: boolean;
  /** Many customer orgs at once (a fleet run): `orgName` says how many, e.g. "42 customer orgs". */
  fleet?: boolean;
  /**
   * Plain text that must be read before acting (e.g. this group space has people from other orgs); it
   * may quote org names from Webex, so it is escaped here as well.
   */
  warning?: string;
}

/**
 * The data of the banner every template in cards/ starts with (its first body element, the same in every
 * template; a test holds them to it). Every value is ready for a TextBlock: names are escaped.
 */
export interface OrgBannerData {
  /** Container style: a customer org is never a plain heading. */
  style: 'default' | 'warning' | 'attention';
  size: 'Default' | 'Medium';
  text: string;
  hasWarning: boolean;
  warning: string;
}

export function orgBannerData(org: OrgBannerInput): OrgBannerData {
  const text = org.fleet
    ? `Fleet: ${escapeMarkdown(shortName(org.orgName))}`
    : org.customer
      ? `Customer org: ${escapeMarkdown(shortName(org.orgName))}, chosen with /org use`
      : `Org: ${escapeMarkdown(shortName(org.orgName))}`;
  return {
    style: org.warning ? 'attention' : org.customer || org.fleet ? 'warning' : 'default',
    size: org.customer || org.fleet ? 'Medium' : 'Default',
    text,
    hasWarning: org.warning !== undefined,
    warning: org.warning ? escapeMarkdown(org.warning) : '',
  };
}

/**
 * The same banner as the first lines of a markdown reply: "Org: Acme" for one's own org; for a customer
 * org a bold line that cannot pass for a subtitle, and the warning under it.
 */
export function orgBannerMarkdown(org: OrgBannerInput): string {
  const head = org.fleet
    ? md`**Fleet: ${shortName(org.orgName)}**`
    : org.customer
      ? md`**Customer org: ${shortName(org.orgName)}, chosen with /org use**`
      : md`Org: ${shortName(org.orgName)}`;
  return org.warning ? `${head}\n\n${md`**Warning:** ${org.warning}`}` : head;
}
