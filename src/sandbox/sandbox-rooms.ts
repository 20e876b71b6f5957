/** The spaces the sandbox opens with the bot; its own module so the routes need not import start-sandbox. */
export interface SandboxRooms {
  /** One 1:1 space with the bot per demo person. */
  direct: Record<string, string>;
  group: string;
}
