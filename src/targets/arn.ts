/** An ARN taken apart: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface Arn {
  partition: string;
  service: string;
  /** Empty for global resources (`arn:aws:s3:::bucket`). */
  region: string;
  /** Empty where the ARN leaves it out (S3 buckets). */
  accountId: string;
  /** Everything after the account, colons included (`function:name:qualifier`, `event-bus/name`). */
  resource: string;
}

/** Parses an ARN's six parts; undefined when the text is not shaped as one. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!partition || !service || !resource) return undefined;
  return { partition, service, region, accountId, resource };
}
