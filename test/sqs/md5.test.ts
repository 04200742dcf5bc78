import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { md5Hex, md5OfAttributes } from '../../src/services/sqs/md5.js';

describe('SQS MD5 digests', () => {
  test('the body digest is the hex MD5 of the UTF-8 body', () => {
    assert.equal(md5Hex('Test message.'), 'e4e68fb7bd0e697a0ae8f1bb342846b3');
  });

  test('the attribute digest matches the value AWS computes for a known set', () => {
    const digest = md5OfAttributes({
      Title: { DataType: 'String', StringValue: 'The Whistler' },
      Author: { DataType: 'String', StringValue: 'John Grisham' },
      WeeksOn: { DataType: 'Number', StringValue: '6' },
    });
    assert.equal(digest, 'd25a6aea97eb8f585bfa92d314504a92');
  });

  test('no attributes means no attribute digest', () => {
    assert.equal(md5OfAttributes({}), undefined);
    assert.equal(md5OfAttributes(undefined), undefined);
  });
});
