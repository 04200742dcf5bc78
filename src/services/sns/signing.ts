import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { selfSignedCertificate } from './x509.js';

/**
 * The key SNS signs messages with and its certificate, made once and kept in the data dir so a
 * message signed before a restart still verifies after it.
 */
export class SigningIdentity {
  readonly certificatePem: string;
  /** `SimpleNotificationService-<id>.pem`, as AWS names its signing certificates. */
  readonly certificateFile: string;
  private readonly key: KeyObject;
  readonly keyPem: string;

  constructor(dir: string) {
    const keyFile = path.join(dir, 'signing-key.pem');
    const certFile = path.join(dir, 'signing-cert.pem');
    if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
      this.keyPem = fs.readFileSync(keyFile, 'utf8');
      this.certificatePem = fs.readFileSync(certFile, 'utf8');
      this.key = createPrivateKey(this.keyPem);
    } else {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.key = privateKey;
      this.keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      this.certificatePem = selfSignedCertificate(privateKey, {
        commonName: 'sns.amazonaws.com',
        dnsNames: ['localhost'],
        ipAddresses: ['127.0.0.1'],
        serial: randomBytes(12),
        notBefore: new Date(Date.now() - 86_400_000),
        notAfter: new Date('2049-12-31T00:00:00Z'),
      });
      // Written by rename so a kill -9 never leaves half a key behind.
      writeAtomically(keyFile, this.keyPem);
      writeAtomically(certFile, this.certificatePem);
    }
    this.certificateFile = `SimpleNotificationService-${createHash('sha256').update(this.certificatePem).digest('hex').slice(0, 32)}.pem`;
  }

  /**
   * Base64 signature of AWS's canonical string: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA.
   * A notification's canonical string names no subscription, so a message fanned out to many
   * subscribers is signed once (an RSA signature costs about a millisecond).
   */
  sign(canonical: string, signatureVersion: string): string {
    const key = `${signatureVersion}\n${canonical}`;
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const signature = sign(signatureVersion === '2' ? 'sha256' : 'sha1', Buffer.from(canonical, 'utf8'), this.key).toString('base64');
    if (this.recent.size >= RECENT_SIGNATURES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, signature);
    return signature;
  }

  private readonly recent = new Map<string, string>();
}

function writeAtomically(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  fs.renameSync(temp, file);
}

const RECENT_SIGNATURES = 256;
const NOTIFICATION_FIELDS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_FIELDS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string AWS signs: `Name\nvalue\n` for each present field, in the documented order per message type. */
export function canonicalString(message: Readonly<Record<string, unknown>>): string {
  const fields = message.Type === 'Notification' ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
  let out = '';
  for (const field of fields) {
    const value = message[field];
    if (value === undefined || value === null) continue;
    out += `${field}\n${String(value)}\n`;
  }
  return out;
}
