import type { SqsOperation } from '../context.js';
import { getQueueAttributes, setQueueAttributes } from './attributes.js';
import { cancelMessageMoveTask, listDeadLetterSourceQueues, listMessageMoveTasks, startMessageMoveTask } from './dead-letter.js';
import { changeMessageVisibility, changeMessageVisibilityBatch, deleteMessage, deleteMessageBatch, purgeQueue } from './delete-and-visibility.js';
import { addPermission, removePermission } from './permissions.js';
import { createQueue, deleteQueue, getQueueUrl, listQueues } from './queues.js';
import { receiveMessage } from './receive.js';
import { sendMessage, sendMessageBatch } from './send.js';
import { listQueueTags, tagQueue, untagQueue } from './tags.js';

/** Every SQS action, by its name on the wire (both protocols). */
export const SQS_OPERATIONS: Readonly<Record<string, SqsOperation>> = {
  AddPermission: addPermission,
  CancelMessageMoveTask: cancelMessageMoveTask,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
  CreateQueue: createQueue,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  DeleteQueue: deleteQueue,
  GetQueueAttributes: getQueueAttributes,
  GetQueueUrl: getQueueUrl,
  ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
  ListMessageMoveTasks: listMessageMoveTasks,
  ListQueueTags: listQueueTags,
  ListQueues: listQueues,
  PurgeQueue: purgeQueue,
  ReceiveMessage: receiveMessage,
  RemovePermission: removePermission,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  SetQueueAttributes: setQueueAttributes,
  StartMessageMoveTask: startMessageMoveTask,
  TagQueue: tagQueue,
  UntagQueue: untagQueue,
};
