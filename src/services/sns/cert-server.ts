import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SigningIdentity } from './signing.js';

/**
 * An HTTPS listener that serves only the signing certificate. Message validators (the
 * `sns-validator` package, AWS's SDK validators) fetch `SigningCertURL` over HTTPS and nothing
 * else, so Tributary's plain-HTTP endpoint cannot serve it to them. Its TLS certificate is the
 * signing certificate itself, issued for `localhost` and `127.0.0.1`.
 */
export class CertificateServer {
  private server: https.Server | undefined;
  private base: string | undefined;

  constructor(private readonly signer: SigningIdentity) {}

  async start(host: string, port: number): Promise<void> {
    const server = https.createServer({ key: this.signer.keyPem, cert: this.signer.certificatePem }, (req, res) => {
      if (req.method === 'GET' && req.url === `/${this.signer.certificateFile}`) {
        res.writeHead(200, { 'Content-Type': 'application/x-x509-ca-cert' }).end(this.signer.certificatePem);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    server.unref();
    this.server = server;
    const address = server.address() as AddressInfo;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.base = `https://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  }

  /** `https://127.0.0.1:<port>`, once listening. */
  url(): string | undefined {
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
