import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import { createPeopleCache, type CachedPerson } from '../../../src/store/people-cache.js';
import { captureLog } from '../../helpers/capture-log.js';

/**
 * Review 13b: Webex ids are base64 of a URI, and the same person has more than one spelling
 * (`ciscospark://us/PEOPLE/<uuid>` and the cluster form `ciscospark://urn:TEAM:us-east-2_a/PEOPLE/<uuid>`).
 * When the id a webhook names and the id GET /people/{id} answers are spelled differently, the cache's
 * "another person's entry" check (parsed.id === personId) rejects every entry it wrote itself: each event
 * pays GET /people again and rewrites the key, silently undoing the "7 calls" of README's Webex calls.
 */
const uuid = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const b64 = (s: string) => Buffer.from(s).toString('base64').replace(/=+$/, '');
const asWebhookNamesIt = b64(`ciscospark://us/PEOPLE/${uuid}`);
const asPeopleApiAnswers = b64(`ciscospark://urn:TEAM:us-east-2_a/PEOPLE/${uuid}`);

describe('people cache and Webex id spellings (outside review)', () => {
  it('a sender whose id Webex spells differently in GET /people is still read once per TTL', async () => {
    const kv = createMemoryKeyValueStore();
    const cache = createPeopleCache(kv, { log: captureLog().log });
    let calls = 0;
    const person: CachedPerson = {
      id: asPeopleApiAnswers,
      emails: ['alice@acme.test'],
      displayName: 'Alice',
      orgId: 'O',
    };
    const load = async () => (calls++, person);
    for (let i = 0; i < 3; i++) await cache.get(asWebhookNamesIt, load);
    assert.equal(calls, 1, `GET /people made ${calls} times for three events by the same person`);
  });
});
