import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteRestApiCommand,
  GetExportCommand,
  GetGatewayResponseCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetTagsCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  PutRestApiCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { awsError, createFunction, lambdaClient } from '../lambda/helpers.js';
import { awsCli, CLI_V2, runPython } from '../support/aws-cli.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { apigatewayClient, byPath, lambdaUri } from './helpers.js';

describe('API Gateway REST API control plane', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apigatewayClient);
  const lambda = clientPerSuite(t, lambdaClient);

  test('CreateRestApi answers with AWS defaults and a root resource; Get, list, update and delete follow', async () => {
    const created = await api.send(new CreateRestApiCommand({ name: 'orders', description: 'd', binaryMediaTypes: ['image/png'], tags: { team: 'a' } }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.id!, /^[a-z0-9]{10}$/);
    assert.equal(created.apiKeySource, 'HEADER');
    assert.deepEqual(created.endpointConfiguration?.types, ['EDGE']);
    assert.equal(created.disableExecuteApiEndpoint, false);
    assert.ok(created.createdDate instanceof Date);
    assert.deepEqual(created.binaryMediaTypes, ['image/png']);
    const got = await api.send(new GetRestApiCommand({ restApiId: created.id }));
    assert.equal(got.name, 'orders');
    assert.deepEqual(got.tags, { team: 'a' });
    const updated = await api.send(
      new UpdateRestApiCommand({
        restApiId: created.id,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'orders2' },
          { op: 'add', path: '/binaryMediaTypes/application~1octet-stream' },
          { op: 'remove', path: '/binaryMediaTypes/image~1png' },
          { op: 'replace', path: '/apiKeySource', value: 'AUTHORIZER' },
        ],
      }),
    );
    assert.equal(updated.name, 'orders2');
    assert.deepEqual(updated.binaryMediaTypes, ['application/octet-stream']);
    assert.equal(updated.apiKeySource, 'AUTHORIZER');
    const listed = await api.send(new GetRestApisCommand({}));
    assert.ok(listed.items!.some((i) => i.id === created.id));
    const resources = await api.send(new GetResourcesCommand({ restApiId: created.id }));
    assert.deepEqual(resources.items, [{ id: created.rootResourceId, path: '/' }]);
    await api.send(new DeleteRestApiCommand({ restApiId: created.id }));
    const gone = await awsError(api.send(new GetRestApiCommand({ restApiId: created.id })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal(gone.status, 404);
    assert.equal(gone.message, `Invalid API identifier specified 123456789012:${created.id}`);
  });

  test('resources, methods and integrations are validated and read back as AWS shapes them', async () => {
    const { id: restApiId, rootResourceId } = await api.send(new CreateRestApiCommand({ name: 'shapes' }));
    const bad = await awsError(api.send(new CreateResourceCommand({ restApiId, parentId: rootResourceId, pathPart: 'a b' })));
    assert.equal(bad.name, 'BadRequestException');
    assert.match(bad.message, /^Resource's path part only allow a-zA-Z0-9\._- and curly braces/);
    const missingParent = await awsError(api.send(new CreateResourceCommand({ restApiId, parentId: 'nope00', pathPart: 'x' })));
    assert.equal(missingParent.message, 'Invalid Resource identifier specified');
    const items = await api.send(new CreateResourceCommand({ restApiId, parentId: rootResourceId, pathPart: 'items' }));
    assert.equal(items.path, '/items');
    const dup = await awsError(api.send(new CreateResourceCommand({ restApiId, parentId: rootResourceId, pathPart: 'items' })));
    assert.equal(dup.name, 'ConflictException');
    const proxy = await api.send(new CreateResourceCommand({ restApiId, parentId: items.id, pathPart: '{proxy+}' }));
    assert.equal(proxy.path, '/items/{proxy+}');
    const under = await awsError(api.send(new CreateResourceCommand({ restApiId, parentId: proxy.id, pathPart: 'x' })));
    assert.equal(under.name, 'BadRequestException');
    await api.send(
      new PutMethodCommand({
        restApiId,
        resourceId: proxy.id,
        httpMethod: 'ANY',
        authorizationType: 'NONE',
        apiKeyRequired: true,
        requestParameters: { 'method.request.path.proxy': true },
      }),
    );
    const again = await awsError(api.send(new PutMethodCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' })));
    assert.equal(again.name, 'ConflictException');
    const noAuthorizer = await awsError(api.send(new PutMethodCommand({ restApiId, resourceId: items.id, httpMethod: 'GET', authorizationType: 'CUSTOM' })));
    assert.equal(noAuthorizer.name, 'BadRequestException');
    const wrongUri = await awsError(
      api.send(
        new PutIntegrationCommand({
          restApiId,
          resourceId: proxy.id,
          httpMethod: 'ANY',
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:s3:path/b',
        }),
      ),
    );
    assert.equal(wrongUri.message, "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
    const integration = await api.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: proxy.id,
        httpMethod: 'ANY',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: lambdaUri('none'),
      }),
    );
    assert.equal(integration.passthroughBehavior, 'WHEN_NO_MATCH');
    assert.equal(integration.timeoutInMillis, 29000);
    assert.equal(integration.cacheNamespace, proxy.id);
    assert.deepEqual(integration.cacheKeyParameters, []);
    const method = await api.send(new GetMethodCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY' }));
    assert.equal(method.apiKeyRequired, true);
    assert.equal(method.methodIntegration?.type, 'AWS_PROXY');
    const noIntegration = await awsError(api.send(new GetIntegrationCommand({ restApiId, resourceId: items.id, httpMethod: 'GET' })));
    assert.equal(noIntegration.message, 'Invalid Method identifier specified');
    const listed = await api.send(new GetResourcesCommand({ restApiId, embed: ['methods'] }));
    assert.equal(listed.items!.find((r) => r.id === proxy.id)?.resourceMethods?.ANY?.methodIntegration?.type, 'AWS_PROXY');
    const summary = await api.send(new GetResourcesCommand({ restApiId }));
    assert.deepEqual(summary.items!.find((r) => r.id === proxy.id)?.resourceMethods, { ANY: {} });
  });

  test('deployments, stages (variables, patches), tags and gateway response defaults', async () => {
    const { id: restApiId, rootResourceId } = await api.send(new CreateRestApiCommand({ name: 'stages' }));
    const empty = await awsError(api.send(new CreateDeploymentCommand({ restApiId })));
    assert.equal(empty.message, "The REST API doesn't contain any methods");
    await api.send(new PutMethodCommand({ restApiId, resourceId: rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await api.send(new PutIntegrationCommand({ restApiId, resourceId: rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
    const deployment = await api.send(new CreateDeploymentCommand({ restApiId, description: 'first' }));
    const stage = await api.send(
      new CreateStageCommand({ restApiId, stageName: 'v1', deploymentId: deployment.id, variables: { a: '1' }, tags: { env: 'dev' } }),
    );
    assert.equal(stage.$metadata.httpStatusCode, 201);
    assert.equal(stage.cacheClusterEnabled, false);
    assert.deepEqual(stage.variables, { a: '1' });
    const dupStage = await awsError(api.send(new CreateStageCommand({ restApiId, stageName: 'v1', deploymentId: deployment.id })));
    assert.equal(dupStage.name, 'ConflictException');
    const patched = await api.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'v1',
        patchOperations: [
          { op: 'replace', path: '/variables/b', value: '2' },
          { op: 'remove', path: '/variables/a' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10' },
        ],
      }),
    );
    assert.deepEqual(patched.variables, { b: '2' });
    assert.equal(patched.methodSettings?.['*/*']?.throttlingRateLimit, 10);
    const inUse = await awsError(api.send(new DeleteDeploymentCommand({ restApiId, deploymentId: deployment.id })));
    assert.equal(inUse.message, 'Active stages pointing to this deployment must be moved or deleted');
    const noStage = await awsError(api.send(new GetStageCommand({ restApiId, stageName: 'nope' })));
    assert.equal(noStage.message, 'Invalid Stage identifier specified');
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}/stages/v1`;
    await api.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'me' } }));
    await api.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    assert.deepEqual((await api.send(new GetTagsCommand({ resourceArn: arn }))).tags, { owner: 'me' });
    const gw = await api.send(new GetGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    assert.equal(gw.statusCode, '403');
    assert.equal(gw.defaultResponse, true);
    assert.deepEqual(gw.responseTemplates, { 'application/json': '{"message":$context.error.messageString}' });
  });

  test('ImportRestApi takes OpenAPI 3 YAML with x-amazon-apigateway-integration; the API serves; GetExport gives it back', async () => {
    await createFunction(lambda, 'imported-fn', {
      files: { 'index.js': `exports.handler = async (e) => ({ statusCode: 200, body: e.resource + ' ' + e.pathParameters.id });\n` },
    });
    const definition = `openapi: 3.0.1
info:
  title: imported
  version: '1.0'
paths:
  /things/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: string }
      responses:
        '200': { description: ok }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${lambdaUri('imported-fn')}
  /ping:
    get:
      responses:
        '200': { description: ok }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: '200'
            responseTemplates:
              application/json: '{"pong": true}'
`;
    const imported = await api.send(new ImportRestApiCommand({ body: Buffer.from(definition) }));
    assert.equal(imported.name, 'imported');
    const restApiId = imported.id!;
    const resources = await api.send(new GetResourcesCommand({ restApiId }));
    assert.deepEqual(resources.items!.map((r) => r.path).sort(), ['/', '/ping', '/things', '/things/{id}']);
    await api.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    const reply = await byPath(t.url, restApiId, '/prod/things/9');
    assert.equal(reply.body, '/things/{id} 9');
    assert.deepEqual(JSON.parse((await byPath(t.url, restApiId, '/prod/ping')).body), { pong: true });
    const exported = await api.send(
      new GetExportCommand({ restApiId, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'integrations' }, accepts: 'application/json' }),
    );
    const spec = JSON.parse(Buffer.from(exported.body!).toString());
    assert.equal(spec.openapi, '3.0.1');
    assert.equal(spec.paths['/things/{id}'].get['x-amazon-apigateway-integration'].type, 'aws_proxy');
    assert.deepEqual(spec.paths['/things/{id}'].get.parameters[0], { name: 'id', in: 'path', required: true, schema: { type: 'string' } });
    const swagger = await api.send(new GetExportCommand({ restApiId, stageName: 'prod', exportType: 'swagger', accepts: 'application/yaml' }));
    assert.match(Buffer.from(swagger.body!).toString(), /^swagger: "?2\.0"?/m);
    const put = await api.send(
      new PutRestApiCommand({
        restApiId,
        mode: 'overwrite',
        body: Buffer.from(
          JSON.stringify({ swagger: '2.0', info: { title: 'replaced' }, paths: { '/only': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } }),
        ),
      }),
    );
    assert.equal(put.name, 'replaced');
    const after = await api.send(new GetResourcesCommand({ restApiId }));
    assert.deepEqual(after.items!.map((r) => r.path).sort(), ['/', '/only']);
  });

  test('boto3 and the AWS CLI drive the same API', async () => {
    const script = `
import boto3, json, sys
c = boto3.client('apigateway', endpoint_url=sys.argv[1])
api = c.create_rest_api(name='from-boto3')
root = api['rootResourceId']
r = c.create_resource(restApiId=api['id'], parentId=root, pathPart='{id}')
c.put_method(restApiId=api['id'], resourceId=r['id'], httpMethod='GET', authorizationType='NONE')
c.put_integration(restApiId=api['id'], resourceId=r['id'], httpMethod='GET', type='MOCK', requestTemplates={'application/json': '{"statusCode": 200}'})
c.put_method_response(restApiId=api['id'], resourceId=r['id'], httpMethod='GET', statusCode='200')
c.put_integration_response(restApiId=api['id'], resourceId=r['id'], httpMethod='GET', statusCode='200', responseTemplates={'application/json': '{"id": "$input.params(\\'id\\')"}'})
c.create_deployment(restApiId=api['id'], stageName='prod')
try:
    c.get_resource(restApiId=api['id'], resourceId='nope00')
    err = None
except c.exceptions.NotFoundException as e:
    err = e.response['Error']
print(json.dumps({'id': api['id'], 'error': err, 'resources': len(c.get_resources(restApiId=api['id'])['items'])}))
`;
    const out = await runPython(script, [t.url]);
    assert.equal(out.resources, 2);
    assert.equal(out.error.Code, 'NotFoundException');
    assert.equal(out.error.Message, 'Invalid Resource identifier specified');
    assert.deepEqual(JSON.parse((await byPath(t.url, out.id, '/prod/abc')).body), { id: 'abc' });
    const stages = await awsCli(CLI_V2, t.url, ['apigateway', 'get-stages', '--rest-api-id', out.id, '--output', 'json']);
    assert.equal(stages.code, 0, stages.stderr);
    assert.equal(JSON.parse(stages.stdout).item[0].stageName, 'prod');
  });
});
