/** `faultline/vitest`: chaos tests in vitest files. */
export { chaosTest, folderName, type ChaosTestOptions } from './chaos-test.js';
export { ChaosTestFailure, type FailureFacts } from '../library/failure.js';
