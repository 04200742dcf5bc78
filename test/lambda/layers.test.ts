import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  InvokeCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient, zipOf } from './helpers.js';

const LAYER_ARN = 'arn:aws:lambda:us-east-1:123456789012:layer:';
const json = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

describe('Lambda layers', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);

  test('layer versions are published, read, listed and deleted', async () => {
    const content = zipOf({ 'nodejs/node_modules/greeter/index.js': `exports.greet = (n) => 'hi ' + n;\n` });
    const v1 = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'tools', Content: { ZipFile: content }, CompatibleRuntimes: ['nodejs20.x'], Description: 'shared' }),
    );
    assert.equal(v1.$metadata.httpStatusCode, 201);
    assert.equal(v1.Version, 1);
    assert.equal(v1.LayerArn, `${LAYER_ARN}tools`);
    assert.equal(v1.LayerVersionArn, `${LAYER_ARN}tools:1`);
    assert.equal(v1.Content!.CodeSize, content.length);
    const v2 = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'tools', Content: { ZipFile: content } }));
    assert.equal(v2.Version, 2);
    const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'tools', VersionNumber: 1 }));
    assert.equal(got.Description, 'shared');
    const byArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN}tools:2` }));
    assert.equal(byArn.Version, 2);
    const versions = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'tools' }));
    assert.deepEqual(
      versions.LayerVersions!.map((v) => v.Version),
      [2, 1],
    );
    const layers = await lambda.send(new ListLayersCommand({}));
    assert.equal(layers.Layers!.find((l) => l.LayerName === 'tools')!.LatestMatchingVersion!.Version, 2);
    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'tools', VersionNumber: 2 }));
    const gone = await awsError(lambda.send(new GetLayerVersionCommand({ LayerName: 'tools', VersionNumber: 2 })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    const v3 = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'tools', Content: { ZipFile: content } }));
    assert.equal(v3.Version, 3);
  });

  test('a function imports modules from its layers', async () => {
    const layer = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'greeting',
        Content: { ZipFile: zipOf({ 'nodejs/node_modules/greeter/index.js': `exports.greet = (n) => 'hi ' + n;\n` }) },
      }),
    );
    await createFunction(lambda, 'layered', {
      Layers: [layer.LayerVersionArn!],
      files: { 'index.js': `const { greet } = require('greeter');\nexports.handler = async (e) => greet(e.name);\n` },
    });
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'layered' }));
    assert.deepEqual(config.Layers, [{ Arn: layer.LayerVersionArn, CodeSize: layer.Content!.CodeSize }]);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'layered', Payload: Buffer.from('{"name":"layers"}') }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.equal(json(out.Payload), 'hi layers');
  });

  test('a function cannot reference a layer version that does not exist', async () => {
    const err = await awsError(createFunction(lambda, 'no-layer', { Layers: [`${LAYER_ARN}missing:1`] }));
    assert.equal(err.name, 'InvalidParameterValueException');
    assert.equal(err.message, `Layer version ${LAYER_ARN}missing:1 does not exist.`);
  });
});
