import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
} from '@aws-sdk/client-api-gateway';
import { awsError, createFunction, lambdaClient } from '../lambda/helpers.js';
import { awsCli, CLI_V2 } from '../support/aws-cli.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { apigatewayClient, byPath, createApi, lambdaUri } from './helpers.js';

const PET_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'Pet',
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string', minLength: 1 }, price: { type: 'number', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
});

describe('API Gateway REST API models and request validators', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apigatewayClient);

  test('a new API has the Empty and Error models; models are created, read, patched and deleted as AWS answers', async () => {
    const { id: restApiId } = await api.send(new CreateRestApiCommand({ name: 'models' }));
    const defaults = await api.send(new GetModelsCommand({ restApiId }));
    assert.deepEqual(defaults.items?.map((m) => m.name).sort(), ['Empty', 'Error']);
    assert.equal(defaults.items?.find((m) => m.name === 'Error')?.contentType, 'application/json');

    const pet = await api.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: 'application/json', schema: PET_SCHEMA }));
    assert.equal(pet.$metadata.httpStatusCode, 201);
    assert.match(pet.id!, /^[a-z0-9]{6}$/);
    assert.equal((await api.send(new GetModelCommand({ restApiId, modelName: 'Pet' }))).schema, PET_SCHEMA);

    const duplicate = await awsError(api.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: 'application/json', schema: PET_SCHEMA })));
    assert.equal(duplicate.name, 'ConflictException');
    assert.equal(duplicate.message, 'Model name already exists for this REST API');
    const badName = await awsError(api.send(new CreateModelCommand({ restApiId, name: 'no-dashes', contentType: 'application/json' })));
    assert.equal(badName.name, 'BadRequestException');
    const badSchema = await awsError(
      api.send(new CreateModelCommand({ restApiId, name: 'Broken', contentType: 'application/json', schema: '{"type": "bogus"}' })),
    );
    assert.equal(badSchema.name, 'BadRequestException');
    assert.match(badSchema.message, /^Invalid model specified: Validation Result: warnings : \[\], errors : \[Invalid model schema specified/);
    const missing = await awsError(api.send(new GetModelCommand({ restApiId, modelName: 'Nope' })));
    assert.equal(missing.name, 'NotFoundException');
    assert.equal(missing.message, 'Invalid model name specified');

    const patched = await api.send(
      new UpdateModelCommand({ restApiId, modelName: 'Pet', patchOperations: [{ op: 'replace', path: '/description', value: 'a pet' }] }),
    );
    assert.equal(patched.description, 'a pet');
    await api.send(new DeleteModelCommand({ restApiId, modelName: 'Pet' }));
    assert.equal((await awsError(api.send(new GetModelCommand({ restApiId, modelName: 'Pet' })))).name, 'NotFoundException');
  });

  test('request validators: CRUD, and PutMethod refuses an unknown validator or model', async () => {
    const { id: restApiId, rootResourceId } = await api.send(new CreateRestApiCommand({ name: 'validators' }));
    const v = await api.send(new CreateRequestValidatorCommand({ restApiId, name: 'body-only', validateRequestBody: true }));
    assert.equal(v.$metadata.httpStatusCode, 201);
    assert.deepEqual({ name: v.name, body: v.validateRequestBody, params: v.validateRequestParameters }, { name: 'body-only', body: true, params: false });
    const updated = await api.send(
      new UpdateRequestValidatorCommand({
        restApiId,
        requestValidatorId: v.id,
        patchOperations: [{ op: 'replace', path: '/validateRequestParameters', value: 'true' }],
      }),
    );
    assert.equal(updated.validateRequestParameters, true);
    assert.equal((await api.send(new GetRequestValidatorsCommand({ restApiId }))).items?.length, 1);
    const unknownValidator = await awsError(
      api.send(new PutMethodCommand({ restApiId, resourceId: rootResourceId, httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId: 'nope00' })),
    );
    assert.equal(unknownValidator.name, 'BadRequestException');
    assert.equal(unknownValidator.message, 'Invalid Request Validator identifier specified');
    const unknownModel = await awsError(
      api.send(
        new PutMethodCommand({
          restApiId,
          resourceId: rootResourceId,
          httpMethod: 'POST',
          authorizationType: 'NONE',
          requestModels: { 'application/json': 'Nope' },
        }),
      ),
    );
    assert.equal(unknownModel.message, 'Invalid model identifier specified: Nope');
    await api.send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId: v.id }));
    const gone = await awsError(api.send(new GetRequestValidatorCommand({ restApiId, requestValidatorId: v.id })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal(gone.message, 'Invalid Request Validator identifier specified');
  });

  test('a deployed method with a validator refuses missing parameters and bodies that break the model, before the integration runs', async () => {
    const { id: restApiId, rootResourceId } = await api.send(new CreateRestApiCommand({ name: 'pets' }));
    await api.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: 'application/json', schema: PET_SCHEMA }));
    const { id: validatorId } = await api.send(
      new CreateRequestValidatorCommand({ restApiId, name: 'all', validateRequestBody: true, validateRequestParameters: true }),
    );
    const { id: resourceId } = await api.send(new CreateResourceCommand({ restApiId, parentId: rootResourceId, pathPart: 'pets' }));
    await api.send(
      new PutMethodCommand({
        restApiId,
        resourceId,
        httpMethod: 'POST',
        authorizationType: 'NONE',
        requestValidatorId: validatorId,
        requestParameters: { 'method.request.querystring.store': true, 'method.request.header.x-tenant': true, 'method.request.querystring.note': false },
        requestModels: { 'application/json': 'Pet' },
      }),
    );
    await api.send(
      new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
    );
    await api.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'POST', statusCode: '200' }));
    await api.send(
      new PutIntegrationResponseCommand({
        restApiId,
        resourceId,
        httpMethod: 'POST',
        statusCode: '200',
        responseTemplates: { 'application/json': '{"ok": true}' },
      }),
    );
    await api.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));

    const post = (query: string, headers: Record<string, string>, body: string) =>
      byPath(t.url, restApiId!, `/prod/pets${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const good = JSON.stringify({ name: 'rex', price: 10 });

    const noParams = await post('', {}, good);
    assert.equal(noParams.status, 400);
    assert.equal(noParams.headers['x-amzn-errortype'], 'BadRequestException');
    assert.deepEqual(JSON.parse(noParams.body), { message: 'Missing required request parameters: [store, x-tenant]' });
    const blank = await post('?store=', { 'x-tenant': 't1' }, good);
    assert.deepEqual(JSON.parse(blank.body), { message: 'Missing required request parameters: [store]' });

    for (const bad of [
      JSON.stringify({ name: 'rex' }),
      JSON.stringify({ name: 'rex', price: -1 }),
      'not json',
      JSON.stringify({ name: 'rex', price: 1, tags: [1] }),
    ]) {
      const refused = await post('?store=s1', { 'x-tenant': 't1' }, bad);
      assert.equal(refused.status, 400, bad);
      assert.deepEqual(JSON.parse(refused.body), { message: 'Invalid request body' });
    }
    const accepted = await post('?store=s1', { 'x-tenant': 't1' }, good);
    assert.equal(accepted.status, 200, accepted.body);
    assert.deepEqual(JSON.parse(accepted.body), { ok: true });
    const otherType = await byPath(t.url, restApiId!, '/prod/pets?store=s1', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-tenant': 't1' },
      body: 'anything',
    });
    assert.notEqual(otherType.status, 400, 'no model for the content type: the body is not validated');

    const cli = await awsCli(CLI_V2, t.url, ['apigateway', 'get-request-validators', '--rest-api-id', restApiId!, '--output', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).items[0].name, 'all');
  });
});

describe('API Gateway TestInvokeMethod', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apigatewayClient);
  const lambda = clientPerSuite(t, lambdaClient);

  test('runs a method as the API is now (no deployment), with path parameters, stage variables and a log', async () => {
    await createFunction(lambda, 'test-invoke-echo', {
      files: {
        'index.js':
          'exports.handler = async (e) => ({ statusCode: 201, headers: { "x-seen": e.pathParameters.id }, body: JSON.stringify({ id: e.pathParameters.id, q: e.queryStringParameters, stage: e.requestContext.stage, v: e.stageVariables }) });',
      },
    });
    const { restApiId, resources } = await createApi(api, 'test-invoke', [
      { path: '/items/{id}', httpMethod: 'GET', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('test-invoke-echo') } },
    ]);
    const resourceId = resources.get('/items/{id}')!;
    const out = await api.send(
      new TestInvokeMethodCommand({ restApiId, resourceId, httpMethod: 'GET', pathWithQueryString: '/items/42?color=red', stageVariables: { env: 'test' } }),
    );
    assert.equal(out.status, 201);
    assert.deepEqual(JSON.parse(out.body!), { id: '42', q: { color: 'red' }, stage: 'test-invoke-stage', v: { env: 'test' } });
    assert.equal(out.headers?.['x-seen'], '42');
    assert.match(out.log!, /^Execution log for request [\w-]+\n/);
    assert.match(out.log!, /Method completed with status: 201/);
    assert.equal(typeof out.latency, 'number');

    const missing = await awsError(api.send(new TestInvokeMethodCommand({ restApiId, resourceId, httpMethod: 'POST' })));
    assert.equal(missing.name, 'NotFoundException');
    assert.equal(missing.message, 'Invalid Method identifier specified');
  });
});
