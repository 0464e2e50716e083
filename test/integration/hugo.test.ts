import { describeGenerator } from './describeGenerator.js';
import { COMMENTS_IN_FRONT_MATTER, EDGE_CASES, HUGO_BUNDLES } from './inputs.js';

describeGenerator('hugo', [
  { input: EDGE_CASES, variant: HUGO_BUNDLES },
  { input: EDGE_CASES, variant: COMMENTS_IN_FRONT_MATTER },
]);
