import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { clientPerSuite, tributaryPerSuite } from '../support/suite.js';
import { eventually } from '../support/tributary.js';
import { awsCli, awsEnv, CLI_V1, CLI_V2, startCommand } from '../support/aws-cli.js';
import { createFunction, lambdaClient } from '../lambda/helpers.js';

const HANDLER = `exports.handler = async (event) => {
  console.log('hello ' + event.who);
  console.error('warning for ' + event.who);
  process.stdout.write('no newline at the end for ' + event.who);
  return { ok: true };
};
`;
const STREAM_NAME = /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/;

describe('function output in CloudWatch Logs', () => {
  const t = tributaryPerSuite();
  const lambda = clientPerSuite(t, lambdaClient);
  const invoke = async (who: string, qualifier?: string) => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'logger-fn', Qualifier: qualifier, Payload: Buffer.from(JSON.stringify({ who })) }));
    assert.equal(out.FunctionError, undefined);
  };

  test('aws logs tail shows every line a function printed, with START, END and REPORT, in its instance stream', async () => {
    await createFunction(lambda, 'logger-fn', { files: { 'index.js': HANDLER } });
    await invoke('alice');
    await invoke('bob');
    const tail = await awsCli(CLI_V2, t.url, ['logs', 'tail', '/aws/lambda/logger-fn', '--format', 'short']);
    assert.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout.trim().split('\n');
    const texts = lines.map((l) => l.replace(/^\S+ /, ''));
    for (const who of ['alice', 'bob']) {
      assert.ok(
        texts.some((l) => /^\S+\t[\w-]+\tINFO\thello /.test(l) && l.endsWith(`hello ${who}`)),
        `no console.log line for ${who} in\n${tail.stdout}`,
      );
      assert.ok(
        texts.some((l) => l.endsWith(`ERROR\twarning for ${who}`)),
        `no console.error line for ${who}`,
      );
      assert.ok(texts.includes(`no newline at the end for ${who}`), `no unterminated line for ${who}`);
    }
    assert.equal(texts.filter((l) => l.startsWith('START RequestId: ') && l.endsWith(' Version: $LATEST')).length, 2);
    assert.equal(texts.filter((l) => l.startsWith('END RequestId: ')).length, 2);
    assert.equal(texts.filter((l) => l.startsWith('REPORT RequestId: ') && l.includes('\tBilled Duration: ')).length, 2);
    assert.ok(texts.indexOf(texts.find((l) => l.endsWith('hello alice'))!) < texts.indexOf(texts.find((l) => l.endsWith('hello bob'))!));

    const streams = await awsCli(CLI_V2, t.url, ['logs', 'describe-log-streams', '--log-group-name', '/aws/lambda/logger-fn', '--output', 'json']);
    const names = JSON.parse(streams.stdout).logStreams.map((s: { logStreamName: string }) => s.logStreamName);
    assert.equal(names.length, 1, 'one warm instance, one stream');
    assert.match(names[0], STREAM_NAME);
    const long = await awsCli(CLI_V2, t.url, ['logs', 'tail', '/aws/lambda/logger-fn']);
    assert.ok(long.stdout.split('\n')[0]!.split(' ')[1] === names[0], 'the default format names the stream');
  });

  test('aws logs tail --filter-pattern and filter-log-events (CLI v1 and v2) select lines', async () => {
    const filtered = await awsCli(CLI_V2, t.url, ['logs', 'tail', '/aws/lambda/logger-fn', '--format', 'short', '--filter-pattern', '"hello bob"']);
    assert.deepEqual(
      filtered.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').pop()),
      ['hello bob'],
    );
    for (const cli of [CLI_V1, CLI_V2]) {
      const done = await awsCli(cli, t.url, [
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/lambda/logger-fn',
        '--filter-pattern',
        'warning -alice',
        '--output',
        'json',
      ]);
      assert.equal(done.code, 0, done.stderr);
      const events = JSON.parse(done.stdout).events as { message: string; logStreamName: string; eventId: string }[];
      assert.deepEqual(
        events.map((e) => e.message.split('\t').pop()),
        ['warning for bob'],
      );
      assert.match(events[0]!.logStreamName, STREAM_NAME);
      assert.match(events[0]!.eventId, /^\d{56}$/);
    }
  });

  test('aws logs tail --follow prints lines as the function prints them', async () => {
    const follow = startCommand([...CLI_V2, '--endpoint-url', t.url, 'logs', 'tail', '/aws/lambda/logger-fn', '--follow', '--format', 'short'], awsEnv());
    try {
      await eventually(() => (follow.output().includes('hello bob') ? true : undefined), 30_000, 'the existing lines');
      await invoke('carol');
      await eventually(() => (follow.output().includes('hello carol') ? true : undefined), 30_000, 'the new line');
      assert.equal(
        follow
          .output()
          .split('\n')
          .filter((l) => l.endsWith('hello bob')).length,
        1,
        'no line printed twice',
      );
    } finally {
      follow.stop();
    }
  });

  test('a published version logs into a stream named for its version', async () => {
    const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'logger-fn' }));
    await invoke('dave', Version);
    const done = await awsCli(CLI_V2, t.url, [
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/logger-fn',
      '--filter-pattern',
      'dave',
      '--output',
      'json',
    ]);
    const events = JSON.parse(done.stdout).events as { logStreamName: string }[];
    assert.ok(events.length >= 3);
    for (const e of events) assert.match(e.logStreamName, new RegExp(`^\\d{4}/\\d{2}/\\d{2}/\\[${Version}\\][0-9a-f]{32}$`));
  });
});
