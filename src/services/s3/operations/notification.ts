import { AwsError } from '../../../protocols/aws-error.js';
import { parseArn, Targets } from '../../../targets/index.js';
import { S3Errors } from '../errors.js';
import { NOTIFICATION_ARRAYS, parseNotificationConfig, renderNotificationConfig, type NotificationTarget } from '../notifications/config.js';
import { originOf, requireBucket } from '../objects.js';
import { readXml } from '../request-body.js';
import type { S3Operation } from '../types.js';

/** Why S3 could not validate a destination, in AWS's words; undefined when it exists. */
function destinationProblem(targets: Targets, target: NotificationTarget, accountId: string): string | undefined {
  if (targets.exists(target.arn, { accountId }) === true) return undefined;
  switch (target.kind) {
    case 'lambda':
      return `Not authorized to invoke function [${target.arn}]`;
    case 'queue':
      return 'Permissions on the destination queue do not allow S3 to publish notifications from this bucket';
    case 'topic':
      return 'Permissions on the destination topic do not allow S3 to publish notifications from this bucket';
  }
}

export const putBucketNotificationConfiguration: S3Operation = {
  name: 'PutBucketNotificationConfiguration',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    const config = parseNotificationConfig(await readXml(req, NOTIFICATION_ARRAYS));
    for (const target of config.targets) {
      if (parseArn(target.arn)?.region !== bucket.region) {
        const element = target.kind === 'lambda' ? 'CloudFunction' : target.kind === 'queue' ? 'Queue' : 'Topic';
        throw S3Errors.invalidArgument('The notification destination service region is not valid for the bucket location constraint', element, target.arn);
      }
    }
    if (String(req.headers['x-amz-skip-destination-validation'] ?? '').toLowerCase() !== 'true') {
      const targets = new Targets(s3.deps);
      const fields: Record<string, string> = {};
      let n = 0;
      for (const target of config.targets) {
        const problem = destinationProblem(targets, target, bucket.account_id);
        if (!problem) continue;
        n += 1;
        fields[`ArgumentName${n}`] = `${target.arn}, null`;
        fields[`ArgumentValue${n}`] = problem;
      }
      if (n > 0) throw new AwsError('InvalidArgument', 'Unable to validate the following destination configurations', 400, fields);
    }
    const empty = config.targets.length === 0 && !config.eventBridge;
    s3.store.setBucketField(bucket.name, 'notification', empty ? null : JSON.stringify(config));
    const saved = s3.store.bucket(bucket.name)!;
    s3.notifier.sendTestEvents(saved, config, originOf(req));
    return {};
  },
};

export const getBucketNotificationConfiguration: S3Operation = {
  name: 'GetBucketNotificationConfiguration',
  async run(req, s3) {
    const bucket = requireBucket(s3, req);
    return { xml: { root: 'NotificationConfiguration', content: renderNotificationConfig(s3.notifier.configOf(bucket)) } };
  },
};
