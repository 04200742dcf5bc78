import type { SnsAttribute } from './message-attributes.js';
import { canonicalString, type SigningIdentity } from './signing.js';

/** A published message as its delivery rows keep it. */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  /** The text every protocol gets, or the `default` of a `json` MessageStructure. */
  message: string;
  /** MessageStructure `json`: the text per protocol (`sqs`, `lambda`, `http`, ...). */
  perProtocol?: Record<string, string>;
  subject?: string;
  attributes: Record<string, SnsAttribute>;
  /** ISO 8601 with milliseconds, as AWS writes `Timestamp`. */
  timestamp: string;
  signatureVersion: string;
  sequenceNumber?: string;
  groupId?: string;
  deduplicationId?: string;
  traceHeader?: string;
  /** The request that accepted it, for observations. */
  requestId?: string;
}

/** A subscription handshake as its delivery row keeps it. */
export interface ConfirmationMessage {
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  messageId: string;
  topicArn: string;
  token: string;
  timestamp: string;
  signatureVersion: string;
}

export interface Urls {
  /** The `SigningCertURL` every message names. */
  signingCertUrl: string;
  /** Tributary's endpoint, where SubscribeURL and UnsubscribeURL point. */
  endpoint: string;
}

export function textFor(message: PublishedMessage, protocol: string): string {
  return message.perProtocol?.[protocol] ?? message.message;
}

export function unsubscribeUrl(urls: Urls, subscriptionArn: string): string {
  return `${urls.endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

export function subscribeUrl(urls: Urls, topicArn: string, token: string): string {
  return `${urls.endpoint}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}

/**
 * The JSON notification SQS and HTTP/S subscribers receive, fields in AWS's order. Notifications of
 * FIFO topics carry a SequenceNumber and no signature.
 */
export function notificationEnvelope(
  message: PublishedMessage,
  protocol: string,
  subscriptionArn: string,
  urls: Urls,
  signer: SigningIdentity,
): Record<string, unknown> {
  const fifo = message.sequenceNumber !== undefined;
  const body: Record<string, unknown> = { Type: 'Notification', MessageId: message.messageId };
  if (fifo) body.SequenceNumber = message.sequenceNumber;
  body.TopicArn = message.topicArn;
  if (message.subject !== undefined) body.Subject = message.subject;
  body.Message = textFor(message, protocol);
  body.Timestamp = message.timestamp;
  if (!fifo) {
    body.SignatureVersion = message.signatureVersion;
    body.Signature = signer.sign(canonicalString(body), message.signatureVersion);
    body.SigningCertURL = urls.signingCertUrl;
  }
  body.UnsubscribeURL = unsubscribeUrl(urls, subscriptionArn);
  if (Object.keys(message.attributes).length > 0) body.MessageAttributes = message.attributes;
  return body;
}

/** The SubscriptionConfirmation (or UnsubscribeConfirmation) an HTTP/S endpoint receives. */
export function confirmationEnvelope(confirmation: ConfirmationMessage, urls: Urls, signer: SigningIdentity): Record<string, unknown> {
  const url = subscribeUrl(urls, confirmation.topicArn, confirmation.token);
  const text =
    confirmation.type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${confirmation.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription ${confirmation.topicArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const body: Record<string, unknown> = {
    Type: confirmation.type,
    MessageId: confirmation.messageId,
    Token: confirmation.token,
    TopicArn: confirmation.topicArn,
    Message: text,
    SubscribeURL: url,
    Timestamp: confirmation.timestamp,
    SignatureVersion: confirmation.signatureVersion,
  };
  body.Signature = signer.sign(canonicalString(body), confirmation.signatureVersion);
  body.SigningCertURL = urls.signingCertUrl;
  return body;
}

/** The event a Lambda subscriber is invoked with: one record, `SigningCertUrl`/`UnsubscribeUrl` spelled with `Url`. */
export function lambdaEvent(message: PublishedMessage, subscriptionArn: string, urls: Urls, signer: SigningIdentity): Record<string, unknown> {
  const text = textFor(message, 'lambda');
  const signed: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    Subject: message.subject ?? null,
    Message: text,
    Timestamp: message.timestamp,
  };
  const Signature = signer.sign(canonicalString(signed), message.signatureVersion);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: text,
          Timestamp: message.timestamp,
          SignatureVersion: message.signatureVersion,
          Signature,
          SigningCertUrl: urls.signingCertUrl,
          UnsubscribeUrl: unsubscribeUrl(urls, subscriptionArn),
          MessageAttributes: message.attributes,
        },
      },
    ],
  };
}
