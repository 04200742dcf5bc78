import { randomUUID } from 'node:crypto';

/** Where an async on-failure record lands in an S3 destination: `aws/lambda/async/<function>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`. */
export function asyncRecordKey(functionName: string, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  const [date = '', time = ''] = iso.split('T');
  const [y, m, d] = date.split('-');
  const hms = time.slice(0, 8).replaceAll(':', '.');
  return `aws/lambda/async/${functionName}/${y}/${m}/${d}/${date}T${hms}-${randomUUID()}`;
}
