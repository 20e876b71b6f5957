import assert from 'node:assert/strict';
import { httpOrigin } from '../../../src/net/http-origin.js';

describe('httpOrigin', () => {
  it('reaches a wildcard listener on loopback and puts IPv6 addresses in brackets', () => {
    assert.equal(httpOrigin('127.0.0.1', 3000), 'http://127.0.0.1:3000');
    assert.equal(httpOrigin('0.0.0.0', 3000), 'http://127.0.0.1:3000');
    assert.equal(httpOrigin('::1', 3111), 'http://[::1]:3111');
    assert.equal(httpOrigin('::', 3111), 'http://[::1]:3111');
    assert.equal(httpOrigin('localhost', 80), 'http://localhost:80');
  });
});
