import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../support/tributary.js';

export function sqsClient(url: string, region = 'us-east-1'): SQSClient {
  return new SQSClient(clientConfig(url, region));
}

/** Sends a query-protocol request as a form post, the way older SDKs do; returns status and XML. */
export async function queryPost(url: string, params: Record<string, string>, path = '/'): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x',
    },
    body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
  });
  return { status: res.status, body: await res.text() };
}

/** The text of the first `<name>` element of an XML document. */
export function xmlValue(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}

export function xmlValues(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
}
