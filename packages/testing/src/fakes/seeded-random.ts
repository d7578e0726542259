export { seededRandom } from '@lifeline/core';
