/**
 * Preloaded into every unit test process: property tests run with one fixed seed, so `npm test`
 * gives the same verdict on every run and a failure can be replayed. `FUZZ_SEED=random` (as
 * `npm run fuzz` sets) explores new cases; any number replays that seed.
 */
import fc from 'fast-check';

const requested = process.env.FUZZ_SEED;
const seed = requested === 'random' ? (Date.now() ^ (process.pid << 16)) | 0 : Number(requested ?? 20261125);
if (requested === 'random') process.stderr.write(`fast-check seed ${seed} (replay with FUZZ_SEED=${seed})\n`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
