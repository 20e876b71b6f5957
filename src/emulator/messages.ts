import { badRequest, forbidden, notFound } from './errors.js';
import { newId } from './ids.js';
import { memberRoom } from './memberships.js';
import { markdownToHtml, markdownToText, parseMentions } from './markdown.js';
import { nowIso, type EmulatorState } from './state.js';
import type { CardAttachment, MessageRecord, PersonRecord, RoomRecord } from './types.js';
import { dispatch, prepareDeliveries, type PreparedDelivery, type WebexEvent } from './webhook-delivery.js';

/** Webex's limit for `text` and for `markdown`, each, in bytes. */
export const MAX_MESSAGE_BYTES = 7439;
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** The fields an edit may carry: the room it must name, and the new text. */
const EDITABLE = new Set(['roomId', 'text', 'markdown']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkSize(field: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`${field} must be a string.`);
  if (Buffer.byteLength(v, 'utf8') > MAX_MESSAGE_BYTES) {
    throw badRequest(`The ${field} of a message must be at most ${MAX_MESSAGE_BYTES} bytes.`);
  }
  return v;
}

function checkAttachments(v: unknown): CardAttachment[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw badRequest('attachments must be an array.');
  if (v.length === 0) return undefined;
  if (v.length > 1) throw badRequest('Only one attachment per message is supported.');
  const a: unknown = v[0];
  if (!isObject(a) || a.contentType !== CARD_CONTENT_TYPE) {
    throw badRequest(`The attachment contentType must be "${CARD_CONTENT_TYPE}".`);
  }
  if (!isObject(a.content)) throw badRequest('The attachment must have a content object (the card).');
  return [{ contentType: CARD_CONTENT_TYPE, content: structuredClone(a.content) }];
}

function resolveRoom(state: EmulatorState, author: PersonRecord, body: Record<string, unknown>): RoomRecord {
  const targets = ['roomId', 'toPersonId', 'toPersonEmail'].filter((k) => body[k] !== undefined);
  if (targets.length !== 1) {
    throw badRequest('Exactly one of roomId, toPersonId or toPersonEmail must be specified.');
  }
  if (body.roomId !== undefined) {
    return memberRoom(state, typeof body.roomId === 'string' ? body.roomId : undefined, author.id);
  }
  const other =
    body.toPersonId !== undefined
      ? typeof body.toPersonId === 'string'
        ? state.people.get(body.toPersonId)
        : undefined
      : typeof body.toPersonEmail === 'string'
        ? state.personByEmail(body.toPersonEmail)
        : undefined;
  if (!other) throw notFound('Could not find a person with the provided ID or email.');
  if (other.id === author.id) throw badRequest('Cannot send a direct message to yourself.');
  return (
    state.directRoom(author.id, other.id) ??
    state.createRoom({ type: 'direct', memberIds: [author.id, other.id] })
  );
}

export interface Posted {
  message: MessageRecord;
  /** Settles when every webhook receiver has answered. */
  delivered: Promise<void>;
}

/** A message posted without its webhook deliveries being sent: they are handed back, signed, instead. */
export interface PostedUnsent {
  message: MessageRecord;
  deliveries: PreparedDelivery[];
}

/** POST /messages, as Webex validates it. Also used for humans' messages, with extras Webex clients set. */
export function createMessage(
  state: EmulatorState,
  authorId: string,
  input: unknown,
  extras: { html?: string; mentionedPeople?: string[] } = {},
): Posted {
  const { message, event } = storeMessage(state, authorId, input, extras);
  return { message, delivered: dispatch(state, event) };
}

/** `createMessage`, but the deliveries are returned unsent (a benchmark sends them on its own schedule). */
export function createMessageUnsent(state: EmulatorState, authorId: string, input: unknown): PostedUnsent {
  const { message, event } = storeMessage(state, authorId, input, {});
  return { message, deliveries: prepareDeliveries(state, event) };
}

function storeMessage(
  state: EmulatorState,
  authorId: string,
  input: unknown,
  extras: { html?: string; mentionedPeople?: string[] },
): { message: MessageRecord; event: WebexEvent } {
  if (!isObject(input)) throw badRequest('The request body must be a JSON object.');
  const author = state.person(authorId);
  const room = resolveRoom(state, author, input);
  const text = checkSize('text', input.text);
  const markdown = checkSize('markdown', input.markdown);
  const attachments = checkAttachments(input.attachments);
  let files: string[] | undefined;
  if (input.files !== undefined) {
    if (!Array.isArray(input.files) || !input.files.every((f) => typeof f === 'string')) {
      throw badRequest('files must be an array of URLs.');
    }
    if (input.files.length > 1) throw badRequest('Only one file per message is supported.');
    if (input.files.length === 1) files = [...(input.files as string[])];
  }
  if (files && attachments) throw badRequest('A message cannot have both files and attachments.');
  if (text === undefined && markdown === undefined && !files && !attachments) {
    throw badRequest('A message needs text, markdown, files or attachments.');
  }
  let parentId: string | undefined;
  if (input.parentId !== undefined) {
    const parent = typeof input.parentId === 'string' ? state.messages.get(input.parentId) : undefined;
    if (!parent || parent.deleted || parent.roomId !== room.id)
      throw badRequest('Invalid parentId: no such message in this room.');
    if (parent.parentId)
      throw badRequest('Threads are one level deep: the parent must not itself be a reply.');
    parentId = parent.id;
  }

  const nameOf = (key: string): string | undefined =>
    (state.people.get(key) ?? state.personByEmail(key))?.displayName;
  const mentioned = new Set(extras.mentionedPeople ?? []);
  const groups: string[] = [];
  if (markdown !== undefined) {
    const m = parseMentions(markdown);
    for (const p of m.people) {
      const person = p.personId ? state.people.get(p.personId) : state.personByEmail(p.personEmail ?? '');
      if (person && room.members.has(person.id)) mentioned.add(person.id);
    }
    if (m.all) groups.push('all');
  }

  const { id } = newId('MESSAGE');
  const created = nowIso();
  const message: MessageRecord = {
    id,
    roomId: room.id,
    personId: author.id,
    created,
    edits: 0,
    editLog: [],
    deleted: false,
  };
  if (parentId) message.parentId = parentId;
  const plain = text ?? (markdown !== undefined ? markdownToText(markdown, nameOf) : undefined);
  if (plain !== undefined) message.text = plain;
  if (markdown !== undefined) {
    message.markdown = markdown;
    message.html = markdownToHtml(markdown, nameOf);
  } else if (extras.html) {
    message.html = extras.html;
  }
  if (files) message.files = files;
  if (attachments) message.attachments = attachments;
  if (mentioned.size > 0) message.mentionedPeople = [...mentioned];
  if (groups.length > 0) message.mentionedGroups = groups;
  state.messages.set(id, message);
  room.lastActivity = created;
  state.events.emit('message', message);

  const event: WebexEvent = {
    resource: 'messages',
    event: 'created',
    actorId: author.id,
    room,
    data: messageEventData(state, message),
    mentionedPeople: message.mentionedPeople ?? [],
    authorId: author.id,
  };
  return { message, event };
}

/** The webhook `data` for a message: ids and metadata, never the text. */
export function messageEventData(state: EmulatorState, m: MessageRecord): Record<string, unknown> {
  const room = state.room(m.roomId);
  const author = state.person(m.personId);
  const d: Record<string, unknown> = {
    id: m.id,
    roomId: m.roomId,
    roomType: room.type,
    personId: m.personId,
    personEmail: author.emails[0],
  };
  if (m.mentionedPeople?.length) d.mentionedPeople = [...m.mentionedPeople];
  if (m.mentionedGroups?.length) d.mentionedGroups = [...m.mentionedGroups];
  if (m.files?.length) d.files = [...m.files];
  d.created = m.created;
  return d;
}

/**
 * Whether the viewer may read the message: room members only, and a bot in a group space only sees what
 * mentions it and what it wrote.
 */
export function canRead(state: EmulatorState, m: MessageRecord, viewer: PersonRecord): boolean {
  const room = state.rooms.get(m.roomId);
  if (!room || !room.members.has(viewer.id) || m.deleted) return false;
  if (viewer.type === 'bot' && room.type === 'group') {
    return m.personId === viewer.id || (m.mentionedPeople ?? []).includes(viewer.id);
  }
  return true;
}

export function readableMessage(state: EmulatorState, id: string, viewer: PersonRecord): MessageRecord {
  const m = state.messages.get(id);
  if (!m || m.deleted || !state.isMember(m.roomId, viewer.id)) {
    throw notFound('Could not find a message with provided ID.');
  }
  if (!canRead(state, m, viewer))
    throw forbidden('Bots can only read messages in group spaces that mention them.');
  return m;
}

export function deleteMessage(state: EmulatorState, id: string, actor: PersonRecord): Promise<void> {
  const m = readableMessage(state, id, actor);
  if (m.personId !== actor.id) throw forbidden('Only the author can delete this message.');
  m.deleted = true;
  const room = state.room(m.roomId);
  const data = messageEventData(state, m);
  delete data.mentionedPeople;
  delete data.mentionedGroups;
  delete data.files;
  return dispatch(state, {
    resource: 'messages',
    event: 'deleted',
    actorId: actor.id,
    room,
    data,
    mentionedPeople: m.mentionedPeople ?? [],
    authorId: m.personId,
  });
}

export function editMessage(
  state: EmulatorState,
  id: string,
  actor: PersonRecord,
  body: unknown,
): MessageRecord {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
  const m = readableMessage(state, id, actor);
  if (m.personId !== actor.id) throw forbidden('Only the author can edit this message.');
  if (body.roomId !== m.roomId) throw badRequest("roomId is required and must be the message's room.");
  if (m.attachments?.length) throw badRequest('Messages with attachments (cards) cannot be edited.');
  const maxEdits = state.config.maxMessageEdits;
  if (m.edits >= maxEdits) throw badRequest(`A message can be edited at most ${maxEdits} times.`);
  const other = Object.keys(body).filter((k) => !EDITABLE.has(k));
  if (other.length > 0) {
    throw badRequest(`Only text and markdown can be edited; not ${other.join(', ')}.`);
  }
  const text = checkSize('text', body.text);
  const markdown = checkSize('markdown', body.markdown);
  if (text === undefined && markdown === undefined) throw badRequest('text or markdown is required.');
  const nameOf = (key: string): string | undefined => state.people.get(key)?.displayName;
  delete m.markdown;
  delete m.html;
  if (markdown !== undefined) {
    m.markdown = markdown;
    m.html = markdownToHtml(markdown, nameOf);
  }
  m.text = text ?? markdownToText(markdown ?? '', nameOf);
  m.edits++;
  m.updated = nowIso();
  m.editLog.push({ text: m.text, ...(markdown !== undefined ? { markdown } : {}), at: m.updated });
  // Webex tells `messages/updated` webhooks of an edit; a bot editing a progress line hears its own edits.
  void dispatch(state, {
    resource: 'messages',
    event: 'updated',
    actorId: actor.id,
    room: state.room(m.roomId),
    data: messageEventData(state, m),
    mentionedPeople: m.mentionedPeople ?? [],
    authorId: m.personId,
  });
  return m;
}
