import assert from 'node:assert/strict';
import { endpointTemplate } from '../../../src/metrics/endpoint-template.js';

/**
 * Review 13b: the bot's own Webex calls must get a template an operator can read (README: "an unknown shape
 * `other`"); the voicemail PIN calls are the bot's most sensitive ones and are not unknown shapes.
 */
describe('endpoint templates (outside review) of the calls the bot makes', () => {
  it('a PIN reset (people-client resetPin) is its own endpoint, not "other"', () => {
    assert.equal(
      endpointTemplate(
        '/people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM/features/voicemail/actions/resetPin/invoke',
      ),
      '/people/{id}/features/voicemail/actions/resetPin/invoke',
    );
  });

  it('a passcode change (telephony-client) keeps the word passcode instead of an {id}', () => {
    assert.equal(
      endpointTemplate('/telephony/config/people/Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM/voicemail/passcode'),
      '/telephony/config/people/{id}/voicemail/passcode',
    );
  });
});
