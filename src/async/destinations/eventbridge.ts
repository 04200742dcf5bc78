import type { DestinationSender } from './types.js';

/**
 * An event bus. There is no EventBridge service in Tributary yet; when one exists it offers a port
 * and this sender wraps the record as `detail` of a `Lambda Function Invocation Result - Success`
 * (or `- Failure`) event with `source: "lambda"` (§1.5).
 */
export const eventBridgeDestination: DestinationSender = {
  kind: 'EventBridge event bus',
  onSuccess: true,
  exists: () => undefined,
  async send() {
    throw new Error('no EventBridge service is running in this Tributary');
  },
};
