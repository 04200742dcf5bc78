/** Just enough of Lambda's FunctionName grammar to tell whether a reference carries a qualifier. */
export function hasQualifier(ref: string): boolean {
  const parts = ref.split(':');
  if (parts[0] === 'arn') return parts.length === 8;
  if (parts[1] === 'function') return parts.length === 4;
  return parts.length === 2;
}

/** The function name of a reference (name, partial ARN or ARN, with or without a qualifier). */
export function nameOfRef(ref: string): string {
  const parts = ref.split(':');
  if (parts[0] === 'arn') return parts[6] ?? ref;
  if (parts[1] === 'function') return parts[2] ?? ref;
  return parts[0]!;
}
