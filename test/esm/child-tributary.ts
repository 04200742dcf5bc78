// Runs Tributary's CLI in a child process, for tests that kill it.
import { main } from '../../src/cli.js';

await main(process.argv.slice(2));
