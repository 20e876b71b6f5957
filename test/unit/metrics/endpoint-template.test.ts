import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { endpointTemplate, OTHER_ENDPOINT, PATH_WORDS } from '../../../src/metrics/endpoint-template.js';

/** A Webex id as the API gives it: base64 of `ciscospark://us/<TYPE>/<uuid>`, padding stripped. */
const webexId = fc
  .tuple(fc.constantFrom('PEOPLE', 'ROOM', 'MESSAGE', 'ORGANIZATION', 'ATTACHMENT_ACTION'), fc.uuid())
  .map(([type, uuid]) =>
    Buffer.from(`ciscospark://us/${type}/${uuid}`).toString('base64').replace(/=+$/, ''),
  );

/** Everything an id (or something a person typed) might look like in a path segment. */
const idLike = fc.oneof(
  webexId,
  fc.uuid(),
  fc.emailAddress(),
  fc.nat().map(String),
  fc.stringMatching(/^[A-Za-z0-9+_=-]{1,60}$/),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('/') && !/[?#]/.test(s)),
);

const word = fc.constantFrom(...PATH_WORDS);
const resource = fc.constantFrom('people', 'messages', 'rooms', 'memberships', 'organizations', 'telephony');

describe('endpointTemplate', () => {
  it('the templates of the calls the bot makes', () => {
    const id = Buffer.from(`ciscospark://us/PEOPLE/${randomUUID()}`).toString('base64');
    const cases: [string, string][] = [
      [`/messages/${id}`, '/messages/{id}'],
      [`/v1/messages/${id}`, '/messages/{id}'],
      ['/messages', '/messages'],
      [`/attachment/actions/${id}`, '/attachment/actions/{id}'],
      [`/people/${encodeURIComponent(id)}`, '/people/{id}'],
      ['/people/me', '/people/me'],
      [`/people?id=${id}&email=a@b.c`, '/people'],
      ['/telephony/config/voicemail/rules?orgId=abc', '/telephony/config/voicemail/rules'],
      [`/telephony/config/people/${id}/voicemail`, '/telephony/config/people/{id}/voicemail'],
      [`/organizations/${id}`, '/organizations/{id}'],
      [`/rooms/${id}`, '/rooms/{id}'],
      [`/memberships?roomId=${id}`, '/memberships'],
      [`/webhooks/${id}`, '/webhooks/{id}'],
      ['/access_token', '/access_token'],
      ['/people/alice@example.com', '/people/{id}'],
      ['/people/12345', '/people/{id}'],
      [`/people/${randomUUID()}`, '/people/{id}'],
      ['/', OTHER_ENDPOINT],
      ['', OTHER_ENDPOINT],
      [`/${id}`, OTHER_ENDPOINT],
      ['/unknown/thing', OTHER_ENDPOINT],
      ['/people/a/b/c/d/e/f/g', OTHER_ENDPOINT],
    ];
    for (const [path, want] of cases) assert.equal(endpointTemplate(path), want, path);
  });

  it('no id survives: every segment out is a known word or {id}, and no id-like segment in comes out', () => {
    fc.assert(
      fc.property(
        resource,
        fc.array(fc.oneof(word, idLike), { maxLength: 8 }),
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        (first, rest, query, v1) => {
          const path = `${v1 ? '/v1' : ''}/${first}/${rest.join('/')}${query === undefined ? '' : `?${query}`}`;
          const out = endpointTemplate(path);
          if (out === OTHER_ENDPOINT) return;
          const segments = out.split('/').slice(1);
          for (const s of segments) assert.ok(s === '{id}' || PATH_WORDS.has(s), `${s} in ${out}`);
          for (const s of rest)
            if (!PATH_WORDS.has(s)) assert.ok(!segments.includes(s), `${s} survived in ${out}`);
          assert.ok(!out.includes('?') && !out.includes('@'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('any string whatever: bounded depth, only words, {id} or other', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (path) => {
        const out = endpointTemplate(path);
        assert.ok(out === OTHER_ENDPOINT || /^(\/([a-z_]+|\{id\})){1,6}$/.test(out), out);
        if (out !== OTHER_ENDPOINT)
          for (const s of out.split('/').slice(1)) assert.ok(s === '{id}' || PATH_WORDS.has(s), s);
      }),
      { numRuns: 2000 },
    );
  });

  it('Webex ids in every position of a known path become {id}', () => {
    fc.assert(
      fc.property(webexId, webexId, (a, b) => {
        assert.equal(
          endpointTemplate(`/telephony/config/people/${a}/voicemail?orgId=${b}`),
          '/telephony/config/people/{id}/voicemail',
        );
        assert.equal(endpointTemplate(`/messages/${a}`), '/messages/{id}');
      }),
    );
  });
});
