import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig } from '../support/tributary.js';

export const ACCOUNT = '123456789012';

export function snsClient(url: string): SNSClient {
  return new SNSClient({ ...clientConfig(url), maxAttempts: 1 });
}

export function sqsClient(url: string): SQSClient {
  return new SQSClient({ ...clientConfig(url), maxAttempts: 1 });
}

export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const got = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: got.Attributes!.QueueArn! };
}

/** Receives until `count` messages arrived (long polls, bounded), in arrival order. */
export async function receive(sqs: SQSClient, queueUrl: string, count: number, timeoutMs = 10_000): Promise<Message[]> {
  const out: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    if (Date.now() > deadline) throw new Error(`received ${out.length} of ${count} messages from ${queueUrl}`);
    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    out.push(...(got.Messages ?? []));
  }
  return out;
}

/** The SDK error of a rejected call. */
export async function snsError(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error: any) {
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

export interface ReceivedPost {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP endpoint as a subscriber runs one: it records every POST and answers with what
 * `respond` says (200 by default); it confirms subscriptions by fetching the SubscribeURL.
 */
export async function httpSubscriber(respond: (post: ReceivedPost, index: number) => number | 'hang' = () => 200) {
  const posts: ReceivedPost[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const post = { headers: req.headers, body };
      const index = posts.push(post) - 1;
      for (const wake of waiters.splice(0)) wake();
      const status = respond(post, index);
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    posts,
    /** Waits until `count` POSTs arrived. */
    async received(count: number, timeoutMs = 10_000): Promise<ReceivedPost[]> {
      const deadline = Date.now() + timeoutMs;
      while (posts.length < count) {
        if (Date.now() > deadline) throw new Error(`received ${posts.length} of ${count} POSTs`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return posts.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
