import { randomUUID } from 'node:crypto';
import type { DestinationSender } from './types.js';

/** `arn:aws:s3:::bucket`: the record is written as an object (on failure only, §1.5). */
export const s3Destination: DestinationSender = {
  kind: 'S3 bucket',
  onSuccess: false,
  exists(arn, ports, accountId) {
    if (!ports.s3) return undefined;
    const parts = arn.split(':');
    return ports.s3.bucketExists(parts[4] || accountId, parts.slice(5).join(':'));
  },
  async send(arn, record, { ports, nowMs, functionName }) {
    if (!ports.s3) throw new Error('no S3 service is running in this Tributary');
    const bucket = arn.split(':').slice(5).join(':');
    await ports.s3.putObject(bucket, objectKey(functionName, nowMs), Buffer.from(JSON.stringify(record)), 'application/json');
  },
};

/** `aws/lambda/async/<function>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>` */
function objectKey(functionName: string, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  const [date = '', time = ''] = iso.split('T');
  const [y, m, d] = date.split('-');
  const hms = time.slice(0, 8).replaceAll(':', '.');
  return `aws/lambda/async/${functionName}/${y}/${m}/${d}/${date}T${hms}-${randomUUID()}`;
}
