import { describeGenerator } from './describeGenerator.js';
import { COMMENTS_IN_FRONT_MATTER, EDGE_CASES } from './inputs.js';

describeGenerator('jekyll', [{ input: EDGE_CASES, variant: COMMENTS_IN_FRONT_MATTER }]);
