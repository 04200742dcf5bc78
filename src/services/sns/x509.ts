import { createPublicKey, type KeyObject, sign } from 'node:crypto';

/**
 * A minimal DER writer for one self-signed X.509 v3 certificate (RSA, SHA-256): the signing
 * certificate SNS messages point at, also usable as the TLS certificate of the HTTPS listener that
 * serves it. Node can make keys but not certificates, and no extra package is needed for this.
 */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const name = (commonName: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

export interface CertificateRequest {
  commonName: string;
  /** Subject alternative names: DNS names and IPv4 addresses. */
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
}

/** A PEM certificate for `key`, signed by itself. */
export function selfSignedCertificate(key: KeyObject, request: CertificateRequest): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const san = seq(
    ...request.dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...request.ipAddresses.map((ip) => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
  );
  const extensions = seq(
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff]))))),
    // digitalSignature and keyCertSign.
    seq(oid('2.5.29.15'), tlv(0x04, tlv(0x03, Buffer.from([0x02, 0x84])))),
    seq(oid('2.5.29.17'), tlv(0x04, san)),
  );
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(request.serial),
    SHA256_WITH_RSA,
    name(request.commonName),
    seq(utcTime(request.notBefore), utcTime(request.notAfter)),
    name(request.commonName),
    spki,
    tlv(0xa3, extensions),
  );
  const signature = sign('sha256', tbs, key);
  const der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0]), signature));
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}
