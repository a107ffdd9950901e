/** The worker-thread entry point (tinypool loads the compiled file). */
import { runPartitionTask, type PartitionOutcome, type PartitionTask } from './partition-task.js';

export default function checkPartitions(task: PartitionTask): PartitionOutcome[] {
  return runPartitionTask(task);
}
