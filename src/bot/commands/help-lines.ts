/** What several commands say in /help: they share one line there (see Usage). */
export const ABOUT_ACCESS = 'your Webex access';
export const ABOUT_ORG = 'partner admins choose the organization';
