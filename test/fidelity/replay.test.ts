/**
 * Replays every recorded AWS exchange under test/fixtures/aws/<service>/ against Tributary (or real
 * AWS with TRIBUTARY_TEST_TARGET=aws) and fails on any difference. One test per fixture file; a
 * summary line per service says how many steps match.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadFixtures, replayFixture, type Target } from '../support/fixtures.js';
import { ROOT } from '../support/processes.js';
import { replayTarget } from '../support/target.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/aws');
const services = fs.readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory());

for (const dir of services) {
  const fixtures = loadFixtures(path.join(FIXTURES, dir.name));
  describe(`recorded AWS responses: ${dir.name}`, () => {
    let target: Target;
    let stop: () => Promise<void> = async () => undefined;
    let matched = 0;
    let total = 0;
    before(async () => {
      ({ target, stop } = await replayTarget(fixtures[0]?.fixture.service ?? dir.name));
    });
    after(async () => {
      await stop();
      console.log(`# fixtures ${dir.name}: ${matched}/${total} recorded steps match (${target?.kind})`);
    });
    for (const { file, fixture } of fixtures) {
      test(`${file}: ${fixture.description ?? fixture.source}`, async () => {
        const results = await replayFixture(target, fixture);
        const compared = results.filter((_, i) => fixture.steps[i]!.response !== undefined);
        total += compared.length;
        matched += compared.filter((r) => r.ok).length;
        const failed = results.filter((r) => !r.ok);
        assert.equal(
          failed.length,
          0,
          `${failed.length} of ${results.length} steps differ from AWS (source: ${fixture.source}):\n${failed.map((r) => `  ${r.step}:\n    ${r.problems.join('\n    ')}`).join('\n')}`,
        );
      });
    }
  });
}
