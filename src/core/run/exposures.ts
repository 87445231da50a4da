// `mode: exposures` and `omni-dbt exposures` (README, "dbt exposures"): read every page of each listed
// model's dbt exposures, build the property file, compare it with the workspace's, and write it, check it
// or hand it to print. The file is written only from every model read whole: a model that fails leaves
// the workspace's file as it was, since a file built from part of Omni's answer would drop exposures.
import type { ExposuresConfig } from '../config/types.js';
import { describeExposuresFileError, type ExposuresFileAccess } from '../exposures-file.js';
import type { OmniClient } from '../omni/client.js';
import { OmniCancelledError } from '../omni/errors.js';
import type { ExposureRecord } from '../omni/models.js';
import { buildExposuresFile, isWithoutDbtModels } from '../plan/exposures.js';
import { diffExposuresFiles, type ExposureChange } from '../plan/exposures-diff.js';
import type { Redactor } from '../secrets.js';
import type { FrontEndTerms } from '../terms.js';
import { describeError } from './connection.js';
import { createRunStop } from './connections.js';

/**
 * What the front end asks for: `write` the file when it differs; `check` it only (`fail-on-changes`,
 * `--check`: a difference fails, nothing is written); `print` it (`--stdout`: nothing read or written).
 */
export type ExposuresIntent = 'write' | 'check' | 'print';

export interface ExposuresRunContext {
  intent: ExposuresIntent;
  files: ExposuresFileAccess;
  /** `print` only: where the file's text goes. */
  print?: (text: string) => void;
}

/** One model of `exposures.models`: what was read of it. */
export interface ModelExposuresResult {
  modelId: string;
  status: 'read' | 'failed' | 'skipped';
  /** Records read: one per published dashboard of the model. */
  dashboards: number;
  /** Of those, the ones written as exposures. */
  written: number;
  withoutDbtModels: number;
  httpStatus?: number;
  error?: string;
  hint?: string;
}

/**
 * written: it differed and was written; unchanged: the workspace's file is what Omni gives; drifted: it
 * differs and was not written (`check`); printed: `print`; failed: nothing was written (a model could not
 * be read, or the file could not be read or written).
 */
export type ExposuresFileStatus = 'written' | 'unchanged' | 'drifted' | 'printed' | 'failed';

export interface ExposuresReport {
  /** `exposures.path`, as the file writes it. */
  path: string;
  status: ExposuresFileStatus;
  /** The file built differs from the workspace's (false when none was built, or when printed). */
  isChanged: boolean;
  /** Over every model: dashboards read, exposures written, dashboards left out for using no dbt model. */
  dashboards: number;
  written: number;
  withoutDbtModels: number;
  /** Exposures by name against the workspace's file (diffExposuresFiles). */
  added: ExposureChange[];
  removed: ExposureChange[];
  updated: ExposureChange[];
  /** False when the workspace had a file that is not an exposures file: every exposure then counts as added. */
  isPreviousReadable: boolean;
  /** The workspace had a file at the path (false when it had none, or when the file was printed). */
  hadFile: boolean;
  models: ModelExposuresResult[];
  /** Why nothing was written, when the file itself was the problem. */
  error?: string;
}

export interface RunExposuresOptions {
  exposures: ExposuresConfig;
  client: OmniClient;
  context: ExposuresRunContext;
  terms: FrontEndTerms;
  /** Aborted on cancellation; a 401 aborts it too. */
  stop: AbortController;
  /** The file is written redacted like every text that leaves the run (a token in a title shows `***`). */
  redactor: Redactor;
}

export async function runExposures(
  options: RunExposuresOptions,
): Promise<{ exposures: ExposuresReport; fatalError?: string }> {
  const { exposures, context } = options;
  const report: ExposuresReport = {
    path: exposures.path,
    status: 'failed',
    isChanged: false,
    dashboards: 0,
    written: 0,
    withoutDbtModels: 0,
    added: [],
    removed: [],
    updated: [],
    isPreviousReadable: true,
    hadFile: false,
    models: exposures.modelIds.map((modelId) => ({
      modelId,
      status: 'skipped',
      dashboards: 0,
      written: 0,
      withoutDbtModels: 0,
    })),
  };

  // The path first: a refused one costs no request.
  let previous: string | undefined;
  if (context.intent !== 'print') {
    try {
      previous = await context.files.read(exposures.path);
    } catch (error) {
      const why = describeExposuresFileError(error, exposures.path);
      return {
        exposures: {
          ...report,
          error: why,
          models: report.models.map((model) => ({
            ...model,
            error: 'Not read: the file was refused first.',
          })),
        },
      };
    }
  }

  const runStop = createRunStop(options.stop);
  type ModelRead =
    | { modelId: string; records: ExposureRecord[] }
    | { modelId: string; error: unknown; isUnauthorized: boolean };
  const reads = await Promise.all(
    exposures.modelIds.map(async (modelId): Promise<ModelRead> => {
      try {
        return { modelId, records: await options.client.listExposures(modelId) };
      } catch (error) {
        // At once, so that a 401 stops the models not read yet.
        return { modelId, error, isUnauthorized: runStop.reportFailure(error) };
      }
    }),
  );
  const models = reads.map((read): ModelExposuresResult => {
    const base = { modelId: read.modelId, dashboards: 0, written: 0, withoutDbtModels: 0 };
    if ('records' in read) return { ...base, status: 'read', ...countRecords(read.records) };
    const isNeverSent = read.error instanceof OmniCancelledError && !read.error.wasSent;
    if (!read.isUnauthorized && (isNeverSent || options.stop.signal.aborted)) {
      return { ...base, status: 'skipped', error: runStop.describeSkip() };
    }
    return { ...base, status: 'failed', ...describeError(read.error, options.terms, '') };
  });
  const withModels = { ...report, models };
  const records = reads.flatMap((read) =>
    'records' in read ? read.records.map((record) => ({ modelId: read.modelId, record })) : [],
  );
  if (models.some((model) => model.status !== 'read')) {
    return { exposures: withModels, fatalError: runStop.fatalError };
  }

  const built = buildExposuresFile({ records, maturity: exposures.maturity });
  const text = options.redactor.redact(built.text);
  const counted = {
    ...withModels,
    dashboards: built.dashboards,
    written: built.written,
    withoutDbtModels: built.withoutDbtModels,
  };
  if (context.intent === 'print') {
    context.print?.(text);
    return { exposures: { ...counted, status: 'printed' } };
  }
  // The values the file was built from stand for its text, unless redaction changed the text (docs/benchmarks.md).
  const diff = diffExposuresFiles(previous, text, text === built.text ? built.entries : undefined);
  const compared = { ...counted, ...diff, isChanged: previous !== text, hadFile: previous !== undefined };
  if (!compared.isChanged) return { exposures: { ...compared, status: 'unchanged' } };
  if (context.intent === 'check') return { exposures: { ...compared, status: 'drifted' } };
  try {
    await context.files.write(exposures.path, text);
  } catch (error) {
    return {
      exposures: { ...compared, status: 'failed', error: describeExposuresFileError(error, exposures.path) },
    };
  }
  return { exposures: { ...compared, status: 'written' } };
}

function countRecords(
  records: readonly ExposureRecord[],
): Pick<ModelExposuresResult, 'dashboards' | 'written' | 'withoutDbtModels'> {
  const withoutDbtModels = records.filter(isWithoutDbtModels).length;
  return { dashboards: records.length, written: records.length - withoutDbtModels, withoutDbtModels };
}
