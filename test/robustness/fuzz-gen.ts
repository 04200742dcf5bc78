/**
 * The seeded generators the fuzzers share: a small PRNG (reproducible from a seed) and random
 * text, JSON and XML with the shapes that break parsers (deep nesting, entities, odd characters).
 */
export const SEED = Number(process.env.TRIBUTARY_FUZZ_SEED ?? 20261202);
export const REQUESTS = Number(process.env.TRIBUTARY_FUZZ_REQUESTS ?? 400);
export const RESPONSE_BOUND_MS = 10_000;
/** 5xx answers AWS itself gives for these requests (S3's NotImplemented, a function URL's 502, throttling). */
export const AWS_OWN_5XX = new Set([501, 502, 503]);

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  text(max = 24): string {
    const alphabet = [
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '/',
      '%',
      '&',
      '=',
      '?',
      '+',
      ' ',
      '\u00e9',
      '\u{1F600}',
      '\u0000',
      '"',
      "'",
      '<',
      '>',
      '\\',
      '*',
      '$',
      '{',
      '}',
      ':',
    ];
    return Array.from({ length: this.int(max) }, () => this.pick(alphabet)).join('');
  }
  value(depth = 0): unknown {
    switch (this.int(depth > 3 ? 5 : 8)) {
      case 0:
        return this.text();
      case 1:
        return this.pick([0, -1, 1.5, 1e308, -2147483649, Number.MAX_SAFE_INTEGER + 2, 12345]);
      case 2:
        return this.pick([true, false, null]);
      case 3:
        return '';
      case 4:
        return this.pick([
          'nodejs20.x',
          'python3.12',
          'index.handler',
          'arn:aws:iam::123456789012:role/r',
          'fuzz-fn',
          'RequestResponse',
          'Event',
          'UEsDBA==',
          'ALL',
          '*',
        ]);
      case 5:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        const fields = [
          'FunctionName',
          'Runtime',
          'Role',
          'Handler',
          'Code',
          'ZipFile',
          'Timeout',
          'MemorySize',
          'Environment',
          'Variables',
          'QueueUrl',
          'QueueName',
          'MessageBody',
          'Attributes',
          'Entries',
          'Id',
          'MaxNumberOfMessages',
          'WaitTimeSeconds',
          'MessageAttributes',
          'DataType',
          'StringValue',
          'Tags',
          'Layers',
          'Cors',
          'AuthType',
          'FilterCriteria',
          'BatchSize',
          'EventSourceArn',
        ];
        for (let i = this.int(5); i > 0; i--) out[this.pick(fields)] = this.value(depth + 1);
        return out;
      }
    }
  }
  jsonBody(): string {
    switch (this.int(6)) {
      case 0:
        return this.text(40);
      case 1:
        return '['.repeat(5000) + ']'.repeat(5000);
      case 2:
        return `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`;
      default:
        return JSON.stringify(this.value());
    }
  }
  xmlBody(): string {
    const roots = [
      'CORSConfiguration',
      'Tagging',
      'Delete',
      'CompleteMultipartUpload',
      'NotificationConfiguration',
      'VersioningConfiguration',
      'CreateBucketConfiguration',
      'RestoreRequest',
      'AccessControlPolicy',
      'LifecycleConfiguration',
    ];
    const children = [
      'CORSRule',
      'AllowedMethod',
      'AllowedOrigin',
      'TagSet',
      'Tag',
      'Key',
      'Value',
      'Object',
      'Part',
      'PartNumber',
      'ETag',
      'Status',
      'Days',
      'QueueConfiguration',
      'Queue',
      'Event',
      'LocationConstraint',
      'Grant',
      'Grantee',
    ];
    const element = (depth: number): string => {
      const name = this.pick(children);
      const inner = depth > 3 || this.chance(0.4) ? this.text(10).replace(/[<&]/g, '') : Array.from({ length: this.int(3) }, () => element(depth + 1)).join('');
      return `<${name}>${inner}</${name}>`;
    };
    switch (this.int(6)) {
      case 0:
        return this.text(40);
      case 1:
        return `<a>${'<b>'.repeat(4000)}${'</b>'.repeat(4000)}</a>`;
      case 2:
        return '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Tagging><TagSet><Tag><Key>&b;</Key><Value>v</Value></Tag></TagSet></Tagging>';
      default: {
        const root = this.pick(roots);
        return `<${root}>${Array.from({ length: this.int(4) }, () => element(0)).join('')}</${root}>`;
      }
    }
  }
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}
