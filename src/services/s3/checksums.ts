import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import type { Crc32c as Crc32cClass } from '@aws-crypto/crc32c';
import { lazyRequire } from '../../lazy-require.js';
import { Crc64Nvme } from './crc64nvme.js';

/** The flexible checksums of S3 (`x-amz-checksum-<algorithm>`), base64 of the big-endian digest. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface RunningChecksum {
  update(data: Buffer): void;
  /** Base64 digest. */
  digest(): string;
}

function uint32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

const crc32cLibrary = lazyRequire<{ Crc32c: typeof Crc32cClass }>('@aws-crypto/crc32c');

export function createChecksum(algorithm: ChecksumAlgorithm): RunningChecksum | undefined {
  switch (algorithm) {
    case 'CRC32': {
      let crc = 0;
      return {
        update: (d) => {
          crc = zlib.crc32(d, crc);
        },
        digest: () => uint32(crc),
      };
    }
    case 'CRC32C': {
      const c = new (crc32cLibrary().Crc32c)();
      return {
        update: (d) => {
          c.update(d);
        },
        digest: () => uint32(c.digest()),
      };
    }
    case 'SHA1':
    case 'SHA256': {
      const h = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return {
        update: (d) => {
          h.update(d);
        },
        digest: () => h.digest('base64'),
      };
    }
    case 'CRC64NVME': {
      const c = new Crc64Nvme();
      return {
        update: (d) => {
          c.update(d);
        },
        digest: () => c.digest().toString('base64'),
      };
    }
  }
}

export function checksumHeader(algorithm: string): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

export function parseAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  const upper = value?.toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(upper ?? '') ? (upper as ChecksumAlgorithm) : undefined;
}

/** The algorithm a request carries: named, sent as a header, or announced as a trailer. */
export function requestedChecksum(headers: IncomingHttpHeaders): { algorithm: ChecksumAlgorithm; value?: string; inTrailer: boolean } | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers[checksumHeader(algorithm)];
    if (typeof value === 'string') return { algorithm, value, inTrailer: false };
  }
  const trailer = String(headers['x-amz-trailer'] ?? '').toLowerCase();
  const fromTrailer = CHECKSUM_ALGORITHMS.find((a) => trailer.includes(checksumHeader(a)));
  if (fromTrailer) return { algorithm: fromTrailer, inTrailer: true };
  const named = parseAlgorithm(String(headers['x-amz-sdk-checksum-algorithm'] ?? headers['x-amz-checksum-algorithm'] ?? ''));
  return named ? { algorithm: named, inTrailer: false } : undefined;
}

/** Checksum of checksums, as multipart uploads report it: `<digest of the raw part digests>-<N>`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partDigests: readonly string[]): string | undefined {
  const running = createChecksum(algorithm);
  if (!running) return undefined;
  for (const digest of partDigests) running.update(Buffer.from(digest, 'base64'));
  return `${running.digest()}-${partDigests.length}`;
}
