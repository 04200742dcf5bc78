import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateApiCommand, CreateStageCommand, GetApiCommand, GetTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-apigatewayv2';
import { awsCli, CLI_V2 } from '../support/aws-cli.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError } from '../lambda/helpers.js';
import { apiClient } from './helpers.js';

describe('API Gateway v2 tags', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);

  test('APIs and stages are tagged, read and untagged by ARN; GetApi shows the tags', async () => {
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'tagged', ProtocolType: 'HTTP', Tags: { team: 'a' } }));
    const arn = `arn:aws:apigateway:us-east-1::/apis/${ApiId}`;
    assert.deepEqual((await api.send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { team: 'a' });
    const tagged = await api.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'dev' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 201);
    assert.deepEqual((await api.send(new GetApiCommand({ ApiId }))).Tags, { team: 'a', env: 'dev' });
    await api.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    assert.deepEqual((await api.send(new GetTagsCommand({ ResourceArn: arn }))).Tags, { env: 'dev' });

    await api.send(new CreateStageCommand({ ApiId, StageName: 'beta' }));
    const stageArn = `${arn}/stages/beta`;
    await api.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { tier: 'beta' } }));
    const cli = await awsCli(CLI_V2, t.url, ['apigatewayv2', 'get-tags', '--resource-arn', stageArn, '--output', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout).Tags, { tier: 'beta' });

    const missing = await awsError(api.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nope123456' })));
    assert.equal(missing.name, 'NotFoundException');
  });
});
