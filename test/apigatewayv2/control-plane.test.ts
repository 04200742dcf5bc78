import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteRouteCommand,
  GetApiCommand,
  GetApisCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  UpdateApiCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CLI_V1, awsCli, runPython } from '../support/aws-cli.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError } from '../lambda/helpers.js';
import { apiClient, lambdaArn } from './helpers.js';

describe('API Gateway v2 control plane', () => {
  const t = tributaryPerSuite();
  const api = clientPerSuite(t, apiClient);

  test('quick create makes the integration, the route and the auto-deploying $default stage', async () => {
    const created = await api.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: lambdaArn('fn'), RouteKey: 'GET /items/{id}' }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.ApiId!, /^[a-z0-9]{10}$/);
    assert.equal(created.ApiEndpoint, `http://${created.ApiId}.execute-api.localhost:${new URL(t.url).port}`);
    assert.equal(created.RouteSelectionExpression, '$request.method $request.path');
    assert.equal(created.ApiKeySelectionExpression, '$request.header.x-api-key');
    assert.ok(created.CreatedDate instanceof Date);
    const routes = await api.send(new GetRoutesCommand({ ApiId: created.ApiId }));
    assert.equal(routes.Items!.length, 1);
    assert.equal(routes.Items![0]!.RouteKey, 'GET /items/{id}');
    assert.equal(routes.Items![0]!.ApiGatewayManaged, true);
    const integrations = await api.send(new GetIntegrationsCommand({ ApiId: created.ApiId }));
    assert.equal(integrations.Items![0]!.IntegrationType, 'AWS_PROXY');
    assert.equal(integrations.Items![0]!.PayloadFormatVersion, '2.0');
    assert.equal(routes.Items![0]!.Target, `integrations/${integrations.Items![0]!.IntegrationId}`);
    const stage = await api.send(new GetStageCommand({ ApiId: created.ApiId, StageName: '$default' }));
    assert.equal(stage.AutoDeploy, true);
    assert.match(stage.DeploymentId!, /^[a-z0-9]{6}$/);
    const deployments = await api.send(new GetDeploymentsCommand({ ApiId: created.ApiId }));
    assert.equal(deployments.Items![0]!.AutoDeployed, true);
    assert.equal(deployments.Items![0]!.DeploymentStatus, 'DEPLOYED');
  });

  test('routes, integrations, stages and deployments are made one by one; bad input gets AWS errors', async () => {
    const { ApiId } = await api.send(new CreateApiCommand({ Name: 'manual', ProtocolType: 'HTTP' }));
    const integration = await api.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: lambdaArn('fn'), PayloadFormatVersion: '2.0' }),
    );
    assert.equal(integration.TimeoutInMillis, 30000);
    assert.equal(integration.ConnectionType, 'INTERNET');
    const route = await api.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /{proxy+}', Target: `integrations/${integration.IntegrationId}` }));
    assert.equal(route.AuthorizationType, 'NONE');
    const dup = await awsError(api.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /{proxy+}' })));
    assert.equal(dup.name, 'ConflictException');
    assert.equal(dup.status, 409);
    const bad = await awsError(api.send(new CreateRouteCommand({ ApiId, RouteKey: 'FETCH /x' })));
    assert.equal(bad.name, 'BadRequestException');
    const greedyInside = await awsError(api.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /{a+}/b' })));
    assert.equal(greedyInside.name, 'BadRequestException');
    const updated = await api.send(new UpdateRouteCommand({ ApiId, RouteId: route.RouteId, RouteKey: 'GET /{proxy+}' }));
    assert.equal(updated.RouteKey, 'GET /{proxy+}');
    await api.send(new CreateStageCommand({ ApiId, StageName: 'prod', StageVariables: { color: 'blue' } }));
    const deployment = await api.send(new CreateDeploymentCommand({ ApiId, StageName: 'prod', Description: 'first' }));
    assert.equal(deployment.AutoDeployed, false);
    const stage = await api.send(new GetStageCommand({ ApiId, StageName: 'prod' }));
    assert.equal(stage.DeploymentId, deployment.DeploymentId);
    assert.deepEqual(stage.StageVariables, { color: 'blue' });
    const stages = await api.send(new GetStagesCommand({ ApiId }));
    assert.equal(stages.Items!.length, 1);
    const missing = await awsError(api.send(new GetStageCommand({ ApiId, StageName: 'nope' })));
    assert.equal(missing.name, 'NotFoundException');
    const jwtWithoutIssuer = await awsError(
      api.send(new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'JWT', Name: 'j', IdentitySource: ['$request.header.Authorization'] })),
    );
    assert.equal(jwtWithoutIssuer.name, 'BadRequestException');
    await api.send(new DeleteRouteCommand({ ApiId, RouteId: route.RouteId }));
    assert.equal((await api.send(new GetRoutesCommand({ ApiId }))).Items!.length, 0);
  });

  test('APIs are listed in pages, updated, and a deleted API is NotFoundException with AWS’s message', async () => {
    const ids: string[] = [];
    for (const name of ['p1', 'p2', 'p3']) ids.push((await api.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }))).ApiId!);
    const first = await api.send(new GetApisCommand({ MaxResults: '2' }));
    assert.equal(first.Items!.length, 2);
    assert.ok(first.NextToken);
    const rest = await api.send(new GetApisCommand({ NextToken: first.NextToken }));
    const all = [...first.Items!, ...rest.Items!].map((a) => a.ApiId);
    for (const id of ids) assert.ok(all.includes(id));
    const renamed = await api.send(new UpdateApiCommand({ ApiId: ids[0], Name: 'renamed', CorsConfiguration: { AllowOrigins: ['*'] } }));
    assert.equal(renamed.Name, 'renamed');
    assert.deepEqual(renamed.CorsConfiguration, { AllowOrigins: ['*'] });
    await api.send(new DeleteApiCommand({ ApiId: ids[0] }));
    const gone = await awsError(api.send(new GetApiCommand({ ApiId: ids[0] })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal(gone.status, 404);
    assert.equal(gone.message, `Invalid API identifier specified 123456789012:${ids[0]}`);
  });

  test('boto3 and the AWS CLI drive the same API', async () => {
    const script = `
import boto3, json, sys
c = boto3.client('apigatewayv2', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
a = c.create_api(Name='py', ProtocolType='HTTP', Target='${lambdaArn('fn')}')
r = c.get_routes(ApiId=a['ApiId'])
try:
    c.get_api(ApiId='missing000')
    err = None
except c.exceptions.NotFoundException as e:
    err = e.response['Error']['Code']
print(json.dumps({'id': a['ApiId'], 'routes': [x['RouteKey'] for x in r['Items']], 'err': err}))
`;
    const out = await runPython(script, [t.url]);
    assert.deepEqual(out.routes, ['$default']);
    assert.equal(out.err, 'NotFoundException');
    const cli = await awsCli(CLI_V1, t.url, ['apigatewayv2', 'get-api', '--api-id', out.id, '--output', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).Name, 'py');
  });
});
