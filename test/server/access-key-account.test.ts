import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountOfAccessKeyId, newAccessKeyId } from '../../src/server/access-key-account.js';
import { accountFor } from '../../src/server/sigv4.js';

describe('the account an access key id carries', () => {
  test('decodes as AWS encodes it', () => {
    // The example of the published decoding of AWS key ids.
    assert.equal(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
    assert.equal(accountOfAccessKeyId('not-a-key'), undefined);
  });

  test('round-trips through the keys STS issues, for any account', () => {
    for (const account of ['000000000001', '123456789012', '444455556666', '999999999999']) {
      const key = newAccessKeyId(account);
      assert.match(key, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(accountOfAccessKeyId(key), account);
      assert.equal(accountFor(key, '123456789012'), account);
    }
  });

  test('leaves long-term and made-up keys with the default account', () => {
    assert.equal(accountFor('AKIAIOSFODNN7EXAMPLE', '123456789012'), '123456789012');
    assert.equal(accountFor('test', '123456789012'), '123456789012');
    assert.equal(accountFor('210987654321', '123456789012'), '210987654321');
  });
});
