/**
 * Sequence numbers: AWS writes DynamoDB Streams sequence numbers as decimal strings of 21 digits
 * or more that increase within a shard. Ours are the record's row id offset by 10^20, so they
 * are 21 digits long, compare as strings and map back to the row id.
 */
const OFFSET = 10n ** 20n;

export function sequenceNumberOf(seq: number): string {
  return (OFFSET + BigInt(seq)).toString();
}

/** The row id of a sequence number; undefined when it is not one of ours. */
export function seqOf(sequenceNumber: string): number | undefined {
  if (!/^\d{21,40}$/.test(sequenceNumber)) return undefined;
  const n = BigInt(sequenceNumber) - OFFSET;
  if (n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(n);
}
