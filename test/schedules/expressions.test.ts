import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFire, parseScheduleExpression } from '../../src/schedules/index.js';

const utc = (s: string) => Date.parse(`${s}Z`);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

function next(text: string, after: string, zone = 'UTC'): string | undefined {
  const expression = parseScheduleExpression(text, { allowAt: true });
  assert.ok(expression, `${text} should parse`);
  return iso(nextFire(expression, { afterMs: utc(after), anchorMs: utc(after), zone }));
}

function series(text: string, after: string, count: number, zone = 'UTC'): string[] {
  const expression = parseScheduleExpression(text, { allowAt: true })!;
  const out: string[] = [];
  let at = utc(after);
  for (let i = 0; i < count; i++) {
    const n = nextFire(expression, { afterMs: at, anchorMs: utc(after), zone });
    if (n === undefined) break;
    out.push(iso(n)!);
    at = n;
  }
  return out;
}

describe('schedule expressions: what AWS accepts', () => {
  const valid = [
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'cron(0 12 * * ? *)',
    'cron(15 10 ? * 6L 2026-2030)',
    'cron(0/15 * * * ? *)',
    'cron(0 8 1 * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 18 L * ? *)',
    'cron(0 18 LW * ? *)',
    'cron(0 18 15W * ? *)',
    'cron(0 0 1 JAN,JUL ? *)',
    'cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)',
    'cron(1-31/30 1-1 ? * 1,7 *)',
  ];
  for (const text of valid) test(text, () => assert.ok(parseScheduleExpression(text), text));

  const invalid = [
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(-1 minutes)',
    'rate(5 seconds)',
    'rate(5minutes)',
    'rate(1.5 hours)',
    'cron(0 12 * * * *)',
    'cron(0 12 ? * ? *)',
    'cron(7 20 * * 1-7 *)',
    'cron(*/1 * * * *)',
    'cron(60 * * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 0 32 * ? *)',
    'cron(0 0 ? * 8 *)',
    'cron(0 0 ? * 2#6 *)',
    'cron(0 0 1 13 ? *)',
    'cron(0 0 1 * ? 2200)',
    'cron(0 12 * * ? * *)',
    'at(2026-01-01T00:00:00)',
    'every 5 minutes',
    '',
  ];
  for (const text of invalid) test(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseScheduleExpression(text), undefined));

  test('at() only where allowed (Scheduler), and only real calendar times', () => {
    assert.ok(parseScheduleExpression('at(2026-02-28T10:00:00)', { allowAt: true }));
    assert.equal(parseScheduleExpression('at(2026-02-30T10:00:00)', { allowAt: true }), undefined);
    assert.equal(parseScheduleExpression('at(2026-02-28 10:00:00)', { allowAt: true }), undefined);
    assert.equal(parseScheduleExpression('at(2026-02-28T10:00)', { allowAt: true }), undefined);
  });
});

describe('schedule expressions: next fire times', () => {
  test('rates count whole periods from the anchor', () => {
    assert.deepEqual(series('rate(5 minutes)', '2026-03-01T10:02:00', 3), ['2026-03-01T10:07:00Z', '2026-03-01T10:12:00Z', '2026-03-01T10:17:00Z']);
    assert.deepEqual(series('rate(1 day)', '2026-03-01T10:02:00', 2), ['2026-03-02T10:02:00Z', '2026-03-03T10:02:00Z']);
  });

  test('cron lists, ranges and steps', () => {
    assert.deepEqual(series('cron(0/15 * * * ? *)', '2026-03-01T10:07:00', 3), ['2026-03-01T10:15:00Z', '2026-03-01T10:30:00Z', '2026-03-01T10:45:00Z']);
    assert.deepEqual(series('cron(0 9,17 ? * MON-FRI *)', '2026-03-06T18:00:00', 3), ['2026-03-09T09:00:00Z', '2026-03-09T17:00:00Z', '2026-03-10T09:00:00Z']);
    assert.deepEqual(series('cron(30 1 ? * FRI-MON *)', '2026-03-04T00:00:00', 4), [
      '2026-03-06T01:30:00Z',
      '2026-03-07T01:30:00Z',
      '2026-03-08T01:30:00Z',
      '2026-03-09T01:30:00Z',
    ]);
  });

  test('L, W and # days', () => {
    assert.equal(next('cron(0 18 L * ? *)', '2026-02-01T00:00:00'), '2026-02-28T18:00:00Z');
    assert.equal(next('cron(0 18 L * ? *)', '2028-02-01T00:00:00'), '2028-02-29T18:00:00Z');
    // 2026-05-31 is a Sunday: the last weekday is Friday the 29th.
    assert.equal(next('cron(0 18 LW * ? *)', '2026-05-01T00:00:00'), '2026-05-29T18:00:00Z');
    // 2026-03-15 is a Sunday: the nearest weekday is Monday the 16th.
    assert.equal(next('cron(0 8 15W * ? *)', '2026-03-01T00:00:00'), '2026-03-16T08:00:00Z');
    // 2026-08-01 is a Saturday: 1W stays in the month, Monday the 3rd.
    assert.equal(next('cron(0 8 1W * ? *)', '2026-07-31T00:00:00'), '2026-08-03T08:00:00Z');
    // The first Monday (2) of April 2026 is the 6th; the last Friday (6L) of March 2026 the 27th.
    assert.equal(next('cron(0 9 ? * 2#1 *)', '2026-04-01T00:00:00'), '2026-04-06T09:00:00Z');
    assert.equal(next('cron(0 9 ? * 6L *)', '2026-03-01T00:00:00'), '2026-03-27T09:00:00Z');
  });

  test('years end a cron schedule', () => {
    assert.equal(next('cron(0 0 1 1 ? 2027)', '2026-06-01T00:00:00'), '2027-01-01T00:00:00Z');
    assert.equal(next('cron(0 0 1 1 ? 2027)', '2027-06-01T00:00:00'), undefined);
  });

  test('cron in a time zone, across both DST changes (America/New_York, 2026-03-08 and 2026-11-01)', () => {
    const zone = 'America/New_York';
    assert.deepEqual(series('cron(0 9 * * ? *)', '2026-03-06T00:00:00', 3, zone), ['2026-03-06T14:00:00Z', '2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z']);
    // 02:30 does not exist on 2026-03-08: that day is skipped.
    assert.deepEqual(series('cron(30 2 * * ? *)', '2026-03-07T00:00:00', 2, zone), ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z']);
    // 01:30 happens twice on 2026-11-01: it fires once, at the first.
    assert.deepEqual(series('cron(30 1 * * ? *)', '2026-10-31T00:00:00', 3, zone), ['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z']);
  });

  test('at() in a time zone', () => {
    assert.equal(next('at(2026-07-01T09:00:00)', '2026-06-01T00:00:00', 'Europe/Berlin'), '2026-07-01T07:00:00Z');
    assert.equal(next('at(2026-01-01T09:00:00)', '2026-06-01T00:00:00', 'Europe/Berlin'), undefined);
    assert.equal(next('at(2026-07-01T09:00:00)', '2026-06-01T00:00:00', 'Asia/Kolkata'), '2026-07-01T03:30:00Z');
  });
});
