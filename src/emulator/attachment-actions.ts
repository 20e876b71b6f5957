import { badRequest, forbidden, notFound } from './errors.js';
import { newId } from './ids.js';
import { nowIso, type EmulatorState } from './state.js';
import type { AttachmentActionRecord, PersonRecord } from './types.js';
import { dispatch } from './webhook-delivery.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** POST /attachment/actions: a person submits a card that is in a room the person is in. */
export function createAttachmentAction(
  state: EmulatorState,
  actor: PersonRecord,
  body: unknown,
): { action: AttachmentActionRecord; delivered: Promise<void> } {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
  if (body.type !== 'submit') throw badRequest('type must be "submit".');
  const message = typeof body.messageId === 'string' ? state.messages.get(body.messageId) : undefined;
  if (!message || message.deleted || !state.isMember(message.roomId, actor.id)) {
    throw notFound('Could not find a message with provided ID.');
  }
  if (!message.attachments?.length) throw badRequest('The message has no card to submit.');
  if (!isObject(body.inputs)) throw badRequest('inputs must be an object.');
  const { id } = newId('ATTACHMENT_ACTION');
  const action: AttachmentActionRecord = {
    id,
    type: 'submit',
    messageId: message.id,
    inputs: structuredClone(body.inputs),
    personId: actor.id,
    roomId: message.roomId,
    created: nowIso(),
  };
  state.actions.set(id, action);
  const room = state.room(message.roomId);
  const delivered = dispatch(state, {
    resource: 'attachmentActions',
    event: 'created',
    actorId: actor.id,
    room,
    data: {
      id: action.id,
      type: action.type,
      messageId: action.messageId,
      personId: action.personId,
      roomId: action.roomId,
      created: action.created,
    },
    cardAuthorId: message.personId,
  });
  return { action, delivered };
}

/** The card's author (the app) and the person who submitted may read a submission. */
export function readableAction(
  state: EmulatorState,
  id: string,
  viewer: PersonRecord,
): AttachmentActionRecord {
  const a = state.actions.get(id);
  if (!a) throw notFound('Could not find an attachment action with provided ID.');
  const card = state.messages.get(a.messageId);
  if (a.personId !== viewer.id && card?.personId !== viewer.id) {
    throw forbidden('Only the app that posted the card can read its submissions.');
  }
  return a;
}
