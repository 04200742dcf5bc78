/**
 * ALB benchmark: requests through a load balancer (rule → Lambda target group → no-op Node.js
 * function) beside the same function's bare function URL, in the same run, with a keep-alive HTTP
 * client. Sequential latency (p50/p99, interleaved so both paths see the same machine) and
 * throughput with concurrent callers. Prints numbers, never asserts.
 */
import http from 'node:http';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AddPermissionCommand, CreateFunctionCommand, CreateFunctionUrlConfigCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { BENCH_CREDENTIALS, percentile, spawnServer, summary, timed, zipOf } from './support.js';

const ITERATIONS = Number(process.env.BENCH_ALB ?? 1000);
const CONCURRENT = 8;
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const HANDLER = "exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });\n";

/** One keep-alive connection per client; GETs with the given Host. */
function client(port: number, host: string): { get(path: string): Promise<void>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

async function main(): Promise<void> {
  const server = await spawnServer();
  const port = Number(new URL(server.url).port);
  const config = { endpoint: server.url, region: 'us-east-1', credentials: BENCH_CREDENTIALS, maxAttempts: 1 };
  const lambda = new LambdaClient(config);
  const elb = new ElasticLoadBalancingV2Client(config);
  try {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'noop',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zipOf({ 'index.js': HANDLER }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10, minDelay: 1 }, { FunctionName: 'noop' });
    const url = new URL((await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'noop', AuthType: 'NONE' }))).FunctionUrl!);
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'noop', TargetType: 'lambda' }))).TargetGroups![0]!.TargetGroupArn!;
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'noop',
        StatementId: 'elb',
        Action: 'lambda:InvokeFunction',
        Principal: 'elasticloadbalancing.amazonaws.com',
        SourceArn: tg,
      }),
    );
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: 'arn:aws:lambda:us-east-1:123456789012:function:noop' }] }));
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench' }))).LoadBalancers![0]!;
    const listener = (
      await elb.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
        }),
      )
    ).Listeners![0]!.ListenerArn!;
    // A few rules ahead of the matching one, as a real listener has.
    for (let p = 1; p <= 5; p++) {
      await elb.send(
        new CreateRuleCommand({
          ListenerArn: listener,
          Priority: p,
          Conditions: [{ Field: 'path-pattern', Values: [`/other-${p}/*`] }],
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
        }),
      );
    }
    await elb.send(
      new CreateRuleCommand({
        ListenerArn: listener,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: tg }],
      }),
    );

    const albHost = `${lb.DNSName}:${port}`;
    const alb = client(port, albHost);
    const bare = client(port, url.host);
    for (let i = 0; i < 200; i++) {
      await alb.get('/api/items?x=1');
      await bare.get('/api/items?x=1');
    }
    const albSamples: number[] = [];
    const urlSamples: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      albSamples.push(await timed(() => alb.get('/api/items?x=1')));
      urlSamples.push(await timed(() => bare.get('/api/items?x=1')));
    }
    alb.close();
    bare.close();

    const throughput = async (host: string) => {
      const clients = Array.from({ length: CONCURRENT }, () => client(port, host));
      const per = Math.max(25, Math.floor(ITERATIONS / CONCURRENT));
      const started = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < per; i++) await c.get('/api/items?x=1');
        }),
      );
      const rate = (CONCURRENT * per * 1000) / (performance.now() - started);
      for (const c of clients) c.close();
      return rate;
    };
    // A first concurrent round starts the extra instances, so neither measured round pays cold starts.
    await throughput(url.host);
    const albRate = await throughput(albHost);
    const urlRate = await throughput(url.host);

    console.log('ALB benchmark (keep-alive client, no-op Node.js function, GET /api/items)');
    console.log(`  function URL, sequential              ${summary(urlSamples)}  ${(1000 / percentile(urlSamples, 50)).toFixed(0)} req/s at p50`);
    console.log(`  ALB (6 rules), sequential             ${summary(albSamples)}  ${(1000 / percentile(albSamples, 50)).toFixed(0)} req/s at p50`);
    console.log(`  ALB − function URL, p50               ${(percentile(albSamples, 50) - percentile(urlSamples, 50)).toFixed(3)} ms`);
    console.log(`  throughput, ${CONCURRENT} callers: function URL ${urlRate.toFixed(0)} req/s, ALB ${albRate.toFixed(0)} req/s`);
  } finally {
    lambda.destroy();
    elb.destroy();
    await server.stop();
  }
}

await main();
