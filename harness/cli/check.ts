/** `faultline check FILE`: is a recorded history linearizable? */
import { Command, Option } from 'commander';
import { describeResult } from '../../checkers/explain-text.js';
import { readHistory, FORMATS, type Format, type FormatOption, isFormatOption } from '../../checkers/history/read.js';
import { checkOperations } from '../../checkers/linearizable/check.js';
import { isModelName, MODEL_NAMES, type ModelSpec } from '../../checkers/linearizable/models/index.js';
import { ExitCode, UserError } from './exit-codes.js';

/** What each format's histories usually are, when --model and --initial are not given. */
export const FORMAT_DEFAULTS: Record<Format, ModelSpec> = {
  jsonl: { name: 'kv', initial: null },
  edn: { name: 'cas-register', initial: 0 },
  'porcupine-etcd': { name: 'cas-register', initial: null },
  'porcupine-kv': { name: 'kv', initial: '' },
};

interface CheckFlags {
  model?: string;
  initial?: string;
  format: string;
  timeLimit: string;
  json?: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a history for linearizability (exit 0 valid, 1 invalid, 2 unknown, 254 bad input)')
    .argument('<file>', 'history: our JSONL, Jepsen EDN, or a Porcupine etcd / kv log')
    .addOption(
      new Option('--model <name>', 'model (default by format: jsonl→kv null, edn→cas-register 0, porcupine-etcd→cas-register null, porcupine-kv→kv "")').choices(
        MODEL_NAMES,
      ),
    )
    .option('--initial <json>', 'initial model state as JSON')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', ...FORMATS]).default('auto'))
    .option('--time-limit <seconds>', 'give up with "unknown" after this long', '60')
    .option('--json', 'print the whole result as JSON')
    .action(async (file: string, flags: CheckFlags) => {
      process.exitCode = await runCheck(file, flags);
    });
}

async function runCheck(file: string, flags: CheckFlags): Promise<number> {
  const seconds = Number(flags.timeLimit);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`--time-limit takes a positive number of seconds, got "${flags.timeLimit}"`);
  if (!isFormatOption(flags.format)) throw new UserError(`unknown format "${flags.format}"`);
  const history = readHistory(file, { format: flags.format as FormatOption });
  const spec = modelSpec(history.format, flags);
  const result = await checkOperations(history.operations, spec, { timeLimitMs: seconds * 1000 });
  process.stdout.write(flags.json === true ? `${JSON.stringify(result)}\n` : `${describeResult(result, file)}\n`);
  return result.verdict === 'valid' ? ExitCode.valid : result.verdict === 'invalid' ? ExitCode.invalid : ExitCode.unknown;
}

function modelSpec(format: Format, flags: CheckFlags): ModelSpec {
  const fallback = FORMAT_DEFAULTS[format];
  const name = flags.model ?? fallback.name;
  if (!isModelName(name)) throw new UserError(`unknown model "${name}"; one of ${MODEL_NAMES.join(', ')}`);
  if (flags.initial === undefined) return { name, initial: flags.model === undefined ? fallback.initial : null };
  try {
    return { name, initial: JSON.parse(flags.initial) as unknown };
  } catch {
    throw new UserError(`--initial takes JSON, got ${flags.initial}`);
  }
}
