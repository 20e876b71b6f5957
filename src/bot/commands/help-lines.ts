/** What several commands say in /help: they share one line there (see Usage). */
export const ABOUT_ACCESS = 'your Webex access';
export const ABOUT_ORG = 'partner admins choose the organization';
export const ABOUT_FLEET =
  'partner admins: every customer org’s rules at once, and one policy applied to many';
