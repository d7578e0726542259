// packages/testing/src/fakes/seeded-random.ts:7
import { seededRandom } from '@lifeline/testing';
const random = seededRandom(42);
random(); // always the same first number for seed 42

export {};
