import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsCli, CLI_V1, runPython } from '../support/aws-cli.js';
import { rawRequest } from '../support/raw-http.js';
import { startTributary } from '../support/tributary.js';
import { tempDir } from '../support/functions.js';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { awsError, createFunction, lambdaClient } from '../lambda/helpers.js';
import { allowElb, elbClient } from './helpers.js';

describe('ELBv2 control plane', () => {
  const t = tributaryPerSuite();
  const elb = clientPerSuite(t, elbClient);
  const lambda = clientPerSuite(t, lambdaClient);

  test('load balancers are created, described (by name, ARN, in pages), configured and deleted', async () => {
    const created = await elb.send(
      new CreateLoadBalancerCommand({ Name: 'web', Subnets: ['subnet-a1', 'subnet-b2'], SecurityGroups: ['sg-1'], Tags: [{ Key: 'team', Value: 'x' }] }),
    );
    const lb = created.LoadBalancers![0]!;
    assert.match(lb.LoadBalancerArn!, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    assert.match(lb.DNSName!, /^web-\d{10}\.us-east-1\.elb\.localhost$/);
    assert.equal(lb.State?.Code, 'provisioning');
    assert.equal(lb.Scheme, 'internet-facing');
    assert.equal(lb.Type, 'application');
    assert.deepEqual(lb.SecurityGroups, ['sg-1']);
    assert.deepEqual(
      lb.AvailabilityZones!.map((z) => [z.ZoneName, z.SubnetId]),
      [
        ['us-east-1a', 'subnet-a1'],
        ['us-east-1b', 'subnet-b2'],
      ],
    );
    assert.match(lb.VpcId!, /^vpc-[0-9a-f]{17}$/);
    assert.ok(lb.CreatedTime instanceof Date);

    const internal = await elb.send(new CreateLoadBalancerCommand({ Name: 'inner', Scheme: 'internal' }));
    assert.match(internal.LoadBalancers![0]!.DNSName!, /^internal-inner-\d{10}\.us-east-1\.elb\.localhost$/);

    const dup = await awsError(elb.send(new CreateLoadBalancerCommand({ Name: 'web' })));
    assert.equal(dup.name, 'DuplicateLoadBalancerNameException');
    assert.equal(dup.message, "A load balancer with the same name 'web' exists");
    assert.equal(dup.error.Code, 'DuplicateLoadBalancerName');
    const bad = await awsError(elb.send(new CreateLoadBalancerCommand({ Name: '-bad' })));
    assert.equal(bad.name, 'ValidationError');

    const byName = await elb.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
    assert.equal(byName.LoadBalancers![0]!.State?.Code, 'active');
    assert.equal(byName.LoadBalancers![0]!.DNSName, lb.DNSName);
    const missing = await awsError(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })));
    assert.equal(missing.name, 'LoadBalancerNotFoundException');
    assert.equal(missing.status, 400);
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 1 }));
    assert.equal(first.LoadBalancers!.length, 1);
    assert.ok(first.NextMarker);
    const second = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 1, Marker: first.NextMarker }));
    assert.equal(second.LoadBalancers![0]!.LoadBalancerName, 'inner');
    assert.equal(second.NextMarker, undefined);

    const attrs = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    assert.equal(attrs.Attributes!.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value, '60');
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }),
    );
    const guarded = await awsError(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn })));
    assert.equal(guarded.name, 'OperationNotPermittedException');
    const unknownKey = await awsError(
      elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'no.such', Value: '1' }] })),
    );
    assert.equal(unknownKey.name, 'ValidationError');
    await elb.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] }),
    );

    const tags = await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] }));
    assert.deepEqual(tags.TagDescriptions![0]!.Tags, [{ Key: 'team', Value: 'x' }]);
    await elb.send(new AddTagsCommand({ ResourceArns: [lb.LoadBalancerArn!], Tags: [{ Key: 'env', Value: 'dev' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: [lb.LoadBalancerArn!], TagKeys: ['team'] }));
    const after = await elb.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!] }));
    assert.deepEqual(after.TagDescriptions![0]!.Tags, [{ Key: 'env', Value: 'dev' }]);

    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: internal.LoadBalancers![0]!.LoadBalancerArn }));
    const gone = await awsError(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] })));
    assert.equal(gone.name, 'LoadBalancerNotFoundException');
  });

  test('a Lambda target needs the ELB invoke permission; listeners and rules route to its target group', async () => {
    await createFunction(lambda, 'alb-target');
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'fn-tg', TargetType: 'lambda' }))).TargetGroups![0]!;
    assert.equal(tg.TargetType, 'lambda');
    assert.equal(tg.HealthCheckEnabled, false);
    assert.equal(tg.Protocol, undefined);
    assert.equal(tg.Port, undefined);
    assert.deepEqual(tg.LoadBalancerArns, []);
    const withPort = await awsError(elb.send(new CreateTargetGroupCommand({ Name: 'fn-tg2', TargetType: 'lambda', Port: 80, Protocol: 'HTTP' })));
    assert.equal(withPort.name, 'ValidationError');
    const dupTg = await awsError(elb.send(new CreateTargetGroupCommand({ Name: 'fn-tg', TargetType: 'lambda' })));
    assert.equal(dupTg.name, 'DuplicateTargetGroupNameException');

    const fnArn = 'arn:aws:lambda:us-east-1:123456789012:function:alb-target';
    const denied = await awsError(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: fnArn }] })));
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.message, `elasticloadbalancing principal does not have permission to invoke ${fnArn} from target group ${tg.TargetGroupArn}`);
    await allowElb(lambda, 'alb-target', tg.TargetGroupArn!);
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: fnArn }] }));

    const attrs = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn }));
    assert.deepEqual(attrs.Attributes, [{ Key: 'lambda.multi_value_headers.enabled', Value: 'false' }]);
    await elb.send(
      new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: 'true' }] }),
    );

    const unused = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
    assert.equal(unused.TargetHealthDescriptions![0]!.TargetHealth?.State, 'unused');

    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'routes' }))).LoadBalancers![0]!;
    const listener = (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'none' } }],
        }),
      )
    ).Listeners![0]!;
    assert.match(listener.ListenerArn!, /:listener\/app\/routes\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    const dupListener = await awsError(
      elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
        }),
      ),
    );
    assert.equal(dupListener.name, 'DuplicateListenerException');
    const rule = (
      await elb.send(
        new CreateRuleCommand({
          ListenerArn: listener.ListenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }],
        }),
      )
    ).Rules![0]!;
    assert.equal(rule.Priority, '10');
    assert.deepEqual(rule.Conditions, [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }]);
    assert.deepEqual(rule.Actions![0]!.ForwardConfig?.TargetGroups, [{ TargetGroupArn: tg.TargetGroupArn, Weight: 1 }]);
    const inUse = await awsError(
      elb.send(
        new CreateRuleCommand({
          ListenerArn: listener.ListenerArn,
          Priority: 10,
          Conditions: [{ Field: 'host-header', Values: ['a.example.com'] }],
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
        }),
      ),
    );
    assert.equal(inUse.name, 'PriorityInUseException');
    assert.equal(inUse.message, "Priority '10' is currently in use");
    const outOfRange = await awsError(
      elb.send(
        new CreateRuleCommand({
          ListenerArn: listener.ListenerArn,
          Priority: 50001,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
        }),
      ),
    );
    assert.equal(outOfRange.name, 'ValidationError');
    assert.equal(
      outOfRange.message,
      "1 validation error detected: Value '50001' at 'priority' failed to satisfy constraint: Member must have value less than or equal to 50000",
    );
    const noGroup = await awsError(
      elb.send(
        new CreateRuleCommand({
          ListenerArn: listener.ListenerArn,
          Priority: 11,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: `${tg.TargetGroupArn!.slice(0, -16)}0000000000000000` }],
        }),
      ),
    );
    assert.equal(noGroup.name, 'TargetGroupNotFoundException');

    const rules = await elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
    assert.deepEqual(
      rules.Rules!.map((r) => [r.Priority, r.IsDefault]),
      [
        ['10', false],
        ['default', true],
      ],
    );
    const moved = await elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: rule.RuleArn, Priority: 5 }] }));
    assert.equal(moved.Rules![0]!.Priority, '5');
    const modified = await elb.send(
      new ModifyRuleCommand({ RuleArn: rule.RuleArn, Conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }] }),
    );
    assert.deepEqual(modified.Rules![0]!.Conditions, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }]);
    const defaultRule = rules.Rules!.find((r) => r.IsDefault)!;
    const cannot = await awsError(elb.send(new DeleteRuleCommand({ RuleArn: defaultRule.RuleArn })));
    assert.equal(cannot.name, 'OperationNotPermittedException');

    const used = await elb.send(new DescribeTargetGroupsCommand({ Names: ['fn-tg'] }));
    assert.deepEqual(used.TargetGroups![0]!.LoadBalancerArns, [lb.LoadBalancerArn]);
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }));
    assert.deepEqual(health.TargetHealthDescriptions![0]!.Target, { Id: fnArn });
    assert.deepEqual(health.TargetHealthDescriptions![0]!.TargetHealth, {
      State: 'unavailable',
      Reason: 'Target.HealthCheckDisabled',
      Description: 'Health checks are disabled',
    });
    const busy = await awsError(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })));
    assert.equal(busy.name, 'ResourceInUseException');

    const changed = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 8080 }));
    assert.equal(changed.Listeners![0]!.Port, 8080);
    const listed = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
    assert.equal(listed.Listeners!.length, 1);
    await elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
    await elb.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: fnArn }] }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
    const tgGone = await awsError(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg.TargetGroupArn!] })));
    assert.equal(tgGone.name, 'TargetGroupNotFoundException');
  });

  test('boto3 and the AWS CLI drive the same API (waiters included)', async () => {
    const result = await runPython(
      `
import boto3, json, sys
elb = boto3.client('elbv2', endpoint_url=sys.argv[1])
lb = elb.create_load_balancer(Name='py-lb', Subnets=['subnet-1', 'subnet-2'])['LoadBalancers'][0]
elb.get_waiter('load_balancer_available').wait(LoadBalancerArns=[lb['LoadBalancerArn']], WaiterConfig={'Delay': 1, 'MaxAttempts': 5})
tg = elb.create_target_group(Name='py-tg', Protocol='HTTP', Port=8080, VpcId=lb['VpcId'], TargetType='instance')['TargetGroups'][0]
elb.register_targets(TargetGroupArn=tg['TargetGroupArn'], Targets=[{'Id': 'i-0123456789abcdef0'}])
health = elb.describe_target_health(TargetGroupArn=tg['TargetGroupArn'])['TargetHealthDescriptions']
try:
    elb.describe_target_groups(Names=['nope'])
    code = None
except elb.exceptions.TargetGroupNotFoundException as e:
    code = e.response['Error']['Code']
print(json.dumps({'dns': lb['DNSName'], 'tg': tg['HealthCheckProtocol'], 'port': health[0]['Target']['Port'], 'code': code}))
`,
      [t.url],
    );
    assert.match(result.dns, /^py-lb-\d+\.us-east-1\.elb\.localhost$/);
    assert.equal(result.tg, 'HTTP');
    assert.equal(result.port, 8080);
    assert.equal(result.code, 'TargetGroupNotFound');

    const cli = await awsCli(CLI_V1, t.url, ['elbv2', 'describe-load-balancers', '--names', 'py-lb', '--output', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(JSON.parse(cli.stdout).LoadBalancers[0].DNSName, result.dns);
  });
});

describe('ELBv2 durability', () => {
  test('load balancers, listeners and rules survive a restart and keep serving', async () => {
    const dataDir = tempDir('tributary-elb-');
    const first = await startTributary({ dataDir });
    const client = elbClient(first.url);
    const lb = (await client.send(new CreateLoadBalancerCommand({ Name: 'durable' }))).LoadBalancers![0]!;
    await client.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'still here' } }],
      }),
    );
    client.destroy();
    await first.stop();

    const second = await startTributary({ dataDir });
    try {
      const again = elbClient(second.url);
      const found = await again.send(new DescribeLoadBalancersCommand({ Names: ['durable'] }));
      assert.equal(found.LoadBalancers![0]!.DNSName, lb.DNSName);
      again.destroy();
      const reply = await rawRequest(second.url, { path: '/', headers: { host: lb.DNSName! } });
      assert.equal(reply.body, 'still here');
    } finally {
      await second.stop();
    }
  });
});
