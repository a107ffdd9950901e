/** `faultline check FILE`: is a recorded history linearizable? Parsing and printing only. */
import { Command, Option } from 'commander';
import { describeResult } from '../../checkers/explain-text.js';
import { MalformedHistoryError } from '../../checkers/history/errors.js';
import { parseJson } from '../../checkers/history/json-bytes.js';
import { jsonText } from '../../checkers/history/json-text.js';
import { FORMATS, readHistory, type Format, type FormatOption } from '../../checkers/history/read.js';
import { checkOperations, OpError, type CheckResult } from '../../checkers/linearizable/check.js';
import { isModelName, MODEL_NAMES, type ModelSpec } from '../../checkers/linearizable/models/index.js';
import { writeCheckReport } from '../../reports/check-report.js';
import { ExitCode, UserError } from './exit-codes.js';

/** What each format's histories usually are, when --model and --initial are not given. */
export const FORMAT_DEFAULTS: Record<Format, ModelSpec> = {
  jsonl: { name: 'kv', initial: null },
  edn: { name: 'cas-register', initial: 0 },
  'porcupine-etcd': { name: 'cas-register', initial: null },
  'porcupine-kv': { name: 'kv', initial: '' },
};

const DEFAULTS_HELP = `
Defaults by format (when --model is not given):
${FORMATS.map((f) => `  ${f.padEnd(16)}--model ${FORMAT_DEFAULTS[f].name} --initial ${JSON.stringify(FORMAT_DEFAULTS[f].initial)}`).join('\n')}
A --model other than the format's default starts from that model's own empty state
unless --initial is given (multi-register {}, set [], others null).

Exit codes: 0 valid, 1 invalid, 2 unknown (out of time or memory), 254 bad arguments or input.`;

interface CheckFlags {
  model?: string;
  initial?: string;
  format: FormatOption;
  timeLimit: string;
  json?: boolean;
  report?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a history for linearizability and print the verdict, with a counterexample when invalid')
    .argument('<file>', 'history: our JSONL, Jepsen EDN, or a Porcupine etcd / kv log')
    .addOption(new Option('--model <name>', 'the model to check against (default: by format, below)').choices(MODEL_NAMES))
    .option('--initial <json>', 'the model state before any op, as JSON (default: by format, below)')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', ...FORMATS]).default('auto'))
    .option('--time-limit <seconds>', 'give up with "unknown" after this many seconds', '60')
    .option('--json', 'print the whole result as JSON on stdout')
    .option('--report <file.html>', 'also write an HTML report of the history and the verdict')
    .addHelpText('after', DEFAULTS_HELP)
    .action(async (file: string, flags: CheckFlags) => {
      process.exitCode = await runCheck(file, flags);
    });
}

async function runCheck(file: string, flags: CheckFlags): Promise<number> {
  const seconds = Number(flags.timeLimit);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UserError(`--time-limit takes a positive number of seconds, got "${flags.timeLimit}"`);
  const initial = parseInitial(flags.initial);
  const history = readHistory(file, { format: flags.format });
  for (const warning of history.warnings) process.stderr.write(`faultline: warning: ${warning}\n`);
  const spec = modelSpec(history.format, flags.model, initial);
  let result: CheckResult;
  try {
    result = await checkOperations(history.operations, spec, { timeLimitMs: seconds * 1000 });
  } catch (error) {
    if (error instanceof OpError) throw new MalformedHistoryError(file, history.lines[error.eventIndex] ?? 0, error.message);
    throw error;
  }
  for (const warning of result.warnings ?? []) process.stderr.write(`faultline: warning: ${file}: ${warning}\n`);
  if (flags.report !== undefined) writeCheckReport(flags.report, history, spec, result);
  process.stdout.write(flags.json === true ? `${jsonText(result)}\n` : `${describeResult(result, file, { lineOf: (i) => history.lines[i] })}\n`);
  return exitCodeOf(result);
}

export function exitCodeOf(result: CheckResult): ExitCode {
  return result.verdict === 'valid' ? ExitCode.valid : result.verdict === 'invalid' ? ExitCode.invalid : ExitCode.unknown;
}

/** `undefined` when not given; `{ value }` so that `--initial null` is kept apart from no flag. */
function parseInitial(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined) return undefined;
  try {
    return { value: parseJson(text) };
  } catch {
    throw new UserError(`--initial takes JSON (e.g. 0, null, '"abc"', '{"x":0}'), got ${text}`);
  }
}

function modelSpec(format: Format, model: string | undefined, initial: { value: unknown } | undefined): ModelSpec {
  const fallback = FORMAT_DEFAULTS[format];
  const name = model ?? fallback.name;
  if (!isModelName(name)) throw new UserError(`unknown model "${name}"; one of ${MODEL_NAMES.join(', ')}`);
  if (initial !== undefined) return { name, initial: initial.value };
  return name === fallback.name ? fallback : { name };
}
