import { serviceAbsent, TargetError, type TargetKind } from './types.js';

/**
 * `arn:aws:events:<region>:<account>:event-bus/<name>`: the body is the `Detail` of one PutEvents
 * entry. Without an EventBridge service the bus cannot be reached: it does not exist for
 * validation, and a send fails.
 */
export const eventsTarget: TargetKind = {
  description: 'EventBridge event bus',
  exists: (arn, ports) => ports.events?.eventBusExists(arn) ?? false,
  async send(arn, message, ports) {
    if (!ports.events) throw serviceAbsent('EventBridge');
    if (!message.event) throw new TargetError('a message to an event bus needs a source and detail-type');
    const [result] = await ports.events.putEvents(arn, [
      {
        source: message.event.source,
        detailType: message.event.detailType,
        detail: typeof message.body === 'string' ? message.body : message.body.toString('utf8'),
        resources: message.event.resources,
        traceHeader: message.traceHeader,
      },
    ]);
    if (!result || result.errorCode)
      throw new TargetError(`PutEvents to ${arn} failed: ${result?.errorCode ?? 'no result'} ${result?.errorMessage ?? ''}`.trim());
    return { id: result.eventId };
  },
};
