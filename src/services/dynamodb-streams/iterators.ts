/**
 * Shard iterators: opaque to clients, they carry the stream, the shard, the position (the row id
 * after which reading continues) and when they were issued. AWS's iterators expire 15 minutes
 * after they are issued.
 */
import { invalidIterator } from './errors.js';

export const ITERATOR_LIFETIME_MS = 15 * 60_000;

export interface ShardPosition {
  streamArn: string;
  shardId: string;
  /** Reading continues with the first record whose row id is greater. */
  after: number;
  issuedAt: number;
}

export function encodeIterator(p: ShardPosition): string {
  return `${p.streamArn}|1|${Buffer.from(JSON.stringify([p.shardId, p.after, p.issuedAt])).toString('base64')}`;
}

export function decodeIterator(iterator: string): ShardPosition {
  const bar = iterator.indexOf('|1|');
  if (bar < 0) throw invalidIterator();
  try {
    const [shardId, after, issuedAt] = JSON.parse(Buffer.from(iterator.slice(bar + 3), 'base64').toString('utf8')) as [string, number, number];
    if (typeof shardId !== 'string' || !Number.isInteger(after) || !Number.isFinite(issuedAt)) throw invalidIterator();
    return { streamArn: iterator.slice(0, bar), shardId, after, issuedAt };
  } catch {
    throw invalidIterator();
  }
}
