import { readBody } from '../../protocols/http.js';
import { AwsError } from '../../protocols/aws-error.js';
import { parseXmlDocument, XmlSyntaxError } from '../../protocols/rest-xml.js';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import { S3Errors } from './errors.js';
import type { S3Request } from './types.js';

/** The whole (small) body of a configuration request, with `aws-chunked` decoded. */
export async function readSmallBody(req: S3Request, limit = 2 * 1024 * 1024): Promise<Buffer> {
  const raw = await readBody(req.exchange.req, limit, () => new AwsError('MaxMessageLengthExceeded', 'Your request was too big.', 400));
  if (!isAwsChunked(req.headers)) return raw;
  const decoder = new AwsChunkedDecoder();
  const chunks: Buffer[] = [];
  decoder.on('data', (c: Buffer) => chunks.push(c));
  await new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
    decoder.end(raw);
  });
  return Buffer.concat(chunks);
}

/** Parses an XML request document; anything unparsable is MalformedXML. */
export async function readXml(req: S3Request, arrays: readonly string[] = []): Promise<Record<string, unknown>> {
  const body = await readSmallBody(req);
  try {
    return parseXmlDocument(body, arrays);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw S3Errors.malformedXml();
    throw err;
  }
}

/** Text content of a parsed element (empty elements parse as ''). */
export function xmlText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
