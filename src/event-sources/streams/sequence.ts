/** Stream sequence numbers are decimal strings of any length (DynamoDB's 21+ digits, Kinesis's 56). */
export function compareSequence(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ParallelizationFactor lanes: one key always lands in the same lane, so its records stay in order. */
export function laneOf(partitionKey: string, lanes: number): number {
  if (lanes <= 1) return 0;
  let h = 2166136261;
  for (let i = 0; i < partitionKey.length; i++) h = Math.imul(h ^ partitionKey.charCodeAt(i), 16777619);
  return (h >>> 0) % lanes;
}
