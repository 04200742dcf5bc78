import { parseArn } from './arn.js';
import { serviceAbsent, TargetError, type TargetKind } from './types.js';

/** `arn:aws:s3:::<bucket>`: the body is written as an object at the key the caller chose. */
export const s3Target: TargetKind = {
  description: 'S3 bucket',
  exists(arn, ports, scope) {
    if (!ports.s3) return undefined;
    const parsed = parseArn(arn);
    const accountId = parsed?.accountId || scope?.accountId;
    if (!parsed || !accountId) return undefined;
    return ports.s3.bucketExists(accountId, parsed.resource);
  },
  async send(arn, message, ports) {
    if (!ports.s3) throw serviceAbsent('S3');
    if (!message.key) throw new TargetError('a message to an S3 bucket needs an object key');
    const bucket = parseArn(arn)?.resource ?? '';
    await ports.s3.putObject(bucket, message.key, typeof message.body === 'string' ? Buffer.from(message.body) : message.body, message.contentType);
    return {};
  },
};
