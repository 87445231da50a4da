// The sandbox's model world, without HTTP: a warehouse of tables per schema, shared models and their branches
// (each sees the tables of the schema it was last refreshed from), documents whose queries and filters read
// `view.field`, refresh jobs that take time, and what Omni computes from them (model validation, the content
// validator, dbt exposures). models.js and branches.js serve it; sandbox/README.md ("Model world") lists what
// it assumes where Omni's sources are silent.
import { assertOneOf, clone, deriveId, normalizeId, sequentialId } from './family.js';

export const REFRESH_OUTCOMES = ['complete', 'fail', 'hang'];
/** A refresh job's running time when no option sets one: long enough that a first status read sees it run. */
export const DEFAULT_REFRESH_DURATION_MS = 1000;

/**
 * @typedef {Record<string, Record<string, string[]>>} Warehouse schema → table → columns
 * @typedef {{ schema: string | null, tables: Record<string, string[]> }} Snapshot what a model sees
 *
 * @typedef {{ dbtEnvironmentId: string | null, dbtGitBranch: string | null }} BranchBinding
 * @typedef {object} SeedBranch
 * @property {string} [id] default: derived from the model id and the name
 * @property {string | null} [dbtEnvironmentId]
 * @property {string | null} [dbtGitBranch]
 * @property {string} [refreshedFrom] a schema of the warehouse the branch was refreshed from; left out, the
 *   branch has never been refreshed and sees what its shared model sees
 * @typedef {object} ModelField a field of the model's own YAML (not a column), e.g. a measure
 * @property {string} view
 * @property {string} name
 * @property {string} sql its references are `${view.column}`
 * @typedef {{ message: string, view?: string, field?: string, yamlPath?: string }} SeedWarning
 * @typedef {object} SeedModel
 * @property {string} [name]
 * @property {string} [connectionId] when set, only environments of this connection can be bound
 * @property {string} [schema] the warehouse schema the shared model reads; left out, it sees no tables
 * @property {Record<string, SeedBranch>} branches branch name → branch
 * @property {ModelField[]} [fields]
 * @property {SeedWarning[]} [warnings] reported by every validation of the model (and its branches)
 * @typedef {{ name: string | null, connectionId: string | null, schema: string | null, branches: Record<string, BranchBinding> }} ModelState
 *   a model as getModel shows it: its live branches by name, each with its dbt environment
 *
 * @typedef {object} StoredBranch
 * @property {string} id
 * @property {string} name
 * @property {string | null} dbtEnvironmentId
 * @property {string | null} dbtGitBranch
 * @property {Snapshot | null} snapshot null until its first refresh
 * @property {string} createdAt
 * @property {string | null} deletedAt
 * @typedef {object} StoredModel
 * @property {string} id normalized
 * @property {string | null} name
 * @property {string | null} connectionId normalized
 * @property {string | null} schema
 * @property {Snapshot} snapshot
 * @property {StoredBranch[]} branches live and deleted, in creation order
 * @property {ModelField[]} fields
 * @property {SeedWarning[]} warnings
 * @property {string} createdAt
 *
 * @typedef {object} DocumentQuery
 * @property {string} id stable across renames
 * @property {string} name
 * @property {string[]} fields `view.field`
 * @typedef {{ id: string, name: string, field: string }} DocumentFilter a dashboard filter on `view.field`
 * @typedef {object} SandboxDocument a dashboard or a workbook
 * @property {string} id
 * @property {string} identifier its URL is `/dashboards/<identifier>`
 * @property {string} name
 * @property {string} modelId the shared model it is built on
 * @property {'dashboard' | 'workbook'} kind
 * @property {{ name: string, path: string } | null} folder
 * @property {boolean} [isPersonal] in a personal folder (left out of the validator unless asked for)
 * @property {string[]} labels
 * @property {{ name: string, email: string }} owner
 * @property {boolean} isPublished drafts have no exposure
 * @property {string} [updatedAt]
 * @property {string[]} dbtModels the dbt models it reads; none: its exposure is null
 * @property {DocumentQuery[]} queries
 * @property {DocumentFilter[]} filters
 *
 * @typedef {'running' | 'completed' | 'failed'} JobState
 * @typedef {object} RefreshJob
 * @property {string} id
 * @property {string} modelId normalized
 * @property {string | null} branchId
 * @property {JobState} state
 * @property {number} startedAt
 * @property {number} durationMs
 * @property {'complete' | 'fail' | 'hang'} outcome
 * @property {Snapshot | null} snapshot what it read when it started; null when it could not read (it fails)
 * @property {string | null} failure why it failed
 *
 * @typedef {object} ModelWorldSeed the model world's part of sandbox/seed.json
 * @property {Record<string, SeedModel>} [models]
 * @property {Warehouse} [warehouse]
 * @property {SandboxDocument[]} [documents]
 * @property {string[]} [labels] the organization's labels besides those on documents
 * @property {string[]} [branchSchemaRefresh] connections with branch-based schema refresh on
 *
 * @typedef {object} ComputedIssue a broken reference of a query or a filter
 * @property {string} message
 * @typedef {object} ComputedDocument a document with what the content validator found in it
 * @property {SandboxDocument} document
 * @property {Array<{ query: DocumentQuery, issues: string[] }>} queries
 * @property {string[]} filterIssues
 * @typedef {{ message: string, isWarning: boolean, view: string | null, field: string | null, yamlPath: string | null }} ComputedModelIssue
 *
 * @typedef {object} ContentScope
 * @property {string[] | null} folderPaths prefix match; "" is documents in no folder
 * @property {string[] | null} labels any of them
 * @property {boolean} includePersonalFolders
 */

/** @param {Record<string, string[]> | undefined} tables */
function copyTables(tables) {
  return /** @type {Record<string, string[]>} */ (clone(tables ?? {}));
}

/** `${view.column}` references of a model field's SQL. @param {string} sql */
function listReferences(sql) {
  return [...sql.matchAll(/\$\{\s*([A-Za-z_][\w]*)\.([A-Za-z_][\w]*)\s*\}/g)].map((m) => ({
    view: m[1] ?? '',
    field: m[2] ?? '',
  }));
}

/** @param {string} reference `view.field` */
function splitReference(reference) {
  const dot = reference.indexOf('.');
  return dot < 0
    ? { view: reference, field: '' }
    : { view: reference.slice(0, dot), field: reference.slice(dot + 1) };
}

/**
 * Omni "sanitizes" a dashboard name into exposure.name without saying how: the sandbox lowercases it and
 * turns runs of whitespace into "_", keeping every other character, so that a client must make the name a
 * valid dbt name itself (README, "Model world").
 * @param {string} name
 */
function sanitizeExposureName(name) {
  return name.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * @typedef {object} ModelWorldOptions
 * @property {() => number} now
 * @property {(environmentId: string) => { targetSchema: string } | undefined} getEnvironment any connection's
 * @property {() => string} getBaseUrl the sandbox's address, for dashboard URLs
 * @property {number} [refreshDurationMs]
 * @property {'complete' | 'fail' | 'hang'} [refreshOutcome]
 * @property {string[]} [branchSchemaRefresh] replaces the seed's list of connections with branch-based refresh
 */

/** @param {ModelWorldOptions} options */
export function createModelWorld(options) {
  const { now } = options;
  const initial = {
    refreshDurationMs: options.refreshDurationMs ?? DEFAULT_REFRESH_DURATION_MS,
    refreshOutcome: options.refreshOutcome ?? 'complete',
  };
  assertOneOf(initial.refreshOutcome, REFRESH_OUTCOMES, 'refreshOutcome');
  assertDuration(initial.refreshDurationMs);
  let switches = { ...initial };
  /** @type {Warehouse} */
  let warehouse = {};
  /** @type {Map<string, StoredModel>} */
  const models = new Map();
  /** @type {SandboxDocument[]} */
  let documents = [];
  /** @type {Set<string>} */
  let extraLabels = new Set();
  /** @type {Set<string>} normalized connection ids */
  const branchRefreshConnections = new Set();
  /** @type {Map<string, RefreshJob>} */
  const jobs = new Map();
  let counters = { branch: 0, job: 0 };

  const stamp = () => new Date(now()).toISOString();

  /** @param {string | null} schema @returns {Snapshot} */
  const readSchema = (schema) => ({ schema, tables: schema === null ? {} : copyTables(warehouse[schema]) });

  /** @param {string} modelId @param {string} name @param {SeedBranch} seed @returns {StoredBranch} */
  const toStoredBranch = (modelId, name, seed) => ({
    id: normalizeId(seed?.id ?? deriveId([modelId, 'branch', name])),
    name,
    dbtEnvironmentId: seed?.dbtEnvironmentId ? normalizeId(seed.dbtEnvironmentId) : null,
    dbtGitBranch: seed?.dbtGitBranch ?? null,
    snapshot: typeof seed?.refreshedFrom === 'string' ? readSchema(seed.refreshedFrom) : null,
    createdAt: stamp(),
    deletedAt: null,
  });

  /** @param {string} modelId @param {SeedModel} seed */
  const setModel = (modelId, seed) => {
    if (!seed || typeof seed.branches !== 'object') {
      throw new Error(`sandbox model ${modelId} needs a "branches" map (branch name → dbt environment)`);
    }
    const id = normalizeId(modelId);
    const schema = typeof seed.schema === 'string' ? seed.schema : null;
    models.set(id, {
      id,
      name: seed.name ?? null,
      connectionId: seed.connectionId ? normalizeId(seed.connectionId) : null,
      schema,
      snapshot: readSchema(schema),
      branches: Object.entries(seed.branches).map(([name, branch]) => toStoredBranch(id, name, branch)),
      fields: clone(seed.fields ?? []),
      warnings: clone(seed.warnings ?? []),
      createdAt: stamp(),
    });
  };

  /** @param {SandboxDocument[]} list */
  const setDocuments = (list) => {
    if (!Array.isArray(list)) throw new Error('sandbox documents must be a list');
    documents = list.map((document) => {
      for (const key of ['id', 'identifier', 'name', 'modelId']) {
        if (typeof document?.[/** @type {keyof SandboxDocument} */ (key)] !== 'string') {
          throw new Error(`sandbox document ${JSON.stringify(document?.name)} needs a string ${key}`);
        }
      }
      return {
        ...clone(document),
        modelId: normalizeId(document.modelId),
        kind: document.kind ?? 'dashboard',
        folder: document.folder ?? null,
        labels: document.labels ?? [],
        owner: document.owner ?? { name: 'Sandbox Owner', email: 'owner@sandbox.invalid' },
        isPublished: document.isPublished ?? true,
        dbtModels: document.dbtModels ?? [],
        queries: document.queries ?? [],
        filters: document.filters ?? [],
      };
    });
  };

  /** Applies every job whose time has come; called before anything reads the world. */
  const settleJobs = () => {
    const due = [...jobs.values()]
      .filter((job) => job.state === 'running' && job.outcome !== 'hang')
      .filter((job) => now() >= job.startedAt + job.durationMs)
      .sort((a, b) => a.startedAt + a.durationMs - (b.startedAt + b.durationMs));
    for (const job of due) {
      if (job.outcome === 'fail' || job.snapshot === null) {
        job.state = 'failed';
        job.failure ??= 'the refresh failed (sandbox switch refreshOutcome: fail)';
        continue;
      }
      job.state = 'completed';
      const model = models.get(job.modelId);
      if (!model) continue;
      if (job.branchId === null) {
        model.snapshot = job.snapshot;
      } else {
        // A branch deleted while its refresh ran keeps nothing of it.
        const branch = model.branches.find((b) => b.id === job.branchId && b.deletedAt === null);
        if (branch) branch.snapshot = job.snapshot;
      }
    }
  };

  /** @param {string} modelId */
  const findModel = (modelId) => models.get(normalizeId(modelId));

  /** @param {StoredModel} model @param {string} branchId */
  const findBranchById = (model, branchId) =>
    model.branches.find((b) => b.id === normalizeId(branchId) && b.deletedAt === null);

  /** @param {StoredModel} model @param {string} name exact */
  const findBranchByName = (model, name) =>
    model.branches.find((b) => b.name === name && b.deletedAt === null);

  /** What a model, or one of its branches, sees. @param {StoredModel} model @param {StoredBranch | undefined} branch */
  const seenBy = (model, branch) => branch?.snapshot ?? model.snapshot;

  /**
   * Whether `view.field` reads in what the model sees: a column of the view's table, or a field of the model's
   * YAML whose own references all read.
   * @param {StoredModel} model @param {Snapshot} snapshot @param {string} reference
   * @returns {string | null} the issue, or null
   */
  const checkReference = (model, snapshot, reference) => {
    const { view, field } = splitReference(reference);
    const columns = snapshot.tables[view];
    if (columns?.includes(field)) return null;
    const modelField = model.fields.find((f) => f.view === view && f.name === field);
    if (modelField) {
      const isReadable = listReferences(modelField.sql).every((r) =>
        snapshot.tables[r.view]?.includes(r.field),
      );
      return isReadable ? null : `Field '${reference}' not found in model`;
    }
    if (!columns && !model.fields.some((f) => f.view === view)) return `View '${view}' not found in model`;
    return `Field '${reference}' not found in model`;
  };

  return {
    /** @param {ModelWorldSeed} seed */
    load(seed) {
      models.clear();
      jobs.clear();
      counters = { branch: 0, job: 0 };
      switches = { ...initial };
      warehouse = clone(seed.warehouse ?? {});
      for (const [modelId, model] of Object.entries(seed.models ?? {})) setModel(modelId, model);
      setDocuments(seed.documents ?? []);
      extraLabels = new Set(seed.labels ?? []);
      branchRefreshConnections.clear();
      for (const id of options.branchSchemaRefresh ?? seed.branchSchemaRefresh ?? []) {
        branchRefreshConnections.add(normalizeId(id));
      }
    },
    settleJobs,
    findModel,
    findBranchById,
    findBranchByName,

    // Models and branches -------------------------------------------------------------------------------

    /** Shared models and branches as List models shows them (deleted branches included). */
    listModelRecords() {
      return [...models.values()].flatMap((model) => [
        {
          id: model.id,
          name: model.name,
          modelKind: 'SHARED',
          baseModelId: null,
          connectionId: model.connectionId,
          createdAt: model.createdAt,
          updatedAt: model.createdAt,
          deletedAt: null,
        },
        ...model.branches.map((branch) => ({
          id: branch.id,
          name: branch.name,
          modelKind: 'BRANCH',
          baseModelId: model.id,
          connectionId: model.connectionId,
          createdAt: branch.createdAt,
          updatedAt: branch.deletedAt ?? branch.createdAt,
          deletedAt: branch.deletedAt,
        })),
      ]);
    },
    /** @param {StoredModel} model @param {string} name @returns {StoredBranch} */
    createBranch(model, name) {
      counters.branch += 1;
      const used = new Set([...models.values()].flatMap((m) => [m.id, ...m.branches.map((b) => b.id)]));
      let id = sequentialId('ba000000', counters.branch);
      while (used.has(id)) {
        counters.branch += 1;
        id = sequentialId('ba000000', counters.branch);
      }
      /** @type {StoredBranch} */
      const branch = {
        id,
        name,
        dbtEnvironmentId: null,
        dbtGitBranch: null,
        snapshot: null,
        createdAt: stamp(),
        deletedAt: null,
      };
      model.branches.push(branch);
      return branch;
    },
    /** Its binding goes with it: a new branch of the same name starts unbound. @param {StoredBranch} branch */
    deleteBranch(branch) {
      branch.deletedAt = stamp();
    },
    /** @param {StoredBranch} branch @param {BranchBinding} binding */
    bindBranch(branch, binding) {
      branch.dbtEnvironmentId = binding.dbtEnvironmentId;
      branch.dbtGitBranch = binding.dbtGitBranch;
    },
    /** @param {string} modelId @returns {ModelState | undefined} */
    getModel(modelId) {
      const model = findModel(modelId);
      if (!model) return undefined;
      return {
        name: model.name,
        connectionId: model.connectionId,
        schema: model.schema,
        branches: Object.fromEntries(
          model.branches
            .filter((b) => b.deletedAt === null)
            .map((b) => [b.name, { dbtEnvironmentId: b.dbtEnvironmentId, dbtGitBranch: b.dbtGitBranch }]),
        ),
      };
    },
    setModel,
    /** @param {string} modelId @param {string} branchName @returns {BranchBinding | undefined} */
    getBranch(modelId, branchName) {
      const model = findModel(modelId);
      const branch = model && findBranchByName(model, branchName);
      return branch
        ? { dbtEnvironmentId: branch.dbtEnvironmentId, dbtGitBranch: branch.dbtGitBranch }
        : undefined;
    },
    /** Every branch of the model, deleted ones included, with what each sees. @param {string} modelId */
    getBranches(modelId) {
      settleJobs();
      const model = findModel(modelId);
      return model ? /** @type {StoredBranch[]} */ (clone(model.branches)) : [];
    },
    /** What the shared model, or its branch, sees now. @param {string} modelId @param {string} [branchName] */
    getSnapshot(modelId, branchName) {
      settleJobs();
      const model = findModel(modelId);
      if (!model) return undefined;
      const branch = branchName === undefined ? undefined : findBranchByName(model, branchName);
      if (branchName !== undefined && !branch) return undefined;
      return /** @type {Snapshot} */ (clone(seenBy(model, branch)));
    },

    // The warehouse and documents -----------------------------------------------------------------------

    getWarehouse() {
      return /** @type {Warehouse} */ (clone(warehouse));
    },
    /** @param {Warehouse} value */
    setWarehouse(value) {
      warehouse = clone(value);
    },
    /**
     * Sets one table's columns, or drops it (null): what a dbt build does to the warehouse.
     * @param {string} schema @param {string} table @param {string[] | null} columns
     */
    setTable(schema, table, columns) {
      const tables = warehouse[schema] ?? {};
      if (columns === null) delete tables[table];
      else tables[table] = [...columns];
      warehouse[schema] = tables;
    },
    getDocuments() {
      return /** @type {SandboxDocument[]} */ (clone(documents));
    },
    setDocuments,
    /** The organization's labels: those on documents and those the seed names. */
    listLabels() {
      return new Set([...extraLabels, ...documents.flatMap((d) => d.labels)]);
    },

    // Refresh jobs --------------------------------------------------------------------------------------

    /** @param {string} connectionId */
    hasBranchSchemaRefresh(connectionId) {
      return branchRefreshConnections.has(normalizeId(connectionId));
    },
    /** @param {string} connectionId @param {boolean} isOn */
    setBranchSchemaRefresh(connectionId, isOn) {
      if (isOn) branchRefreshConnections.add(normalizeId(connectionId));
      else branchRefreshConnections.delete(normalizeId(connectionId));
    },
    /**
     * Starts a refresh: a shared one reads the model's own schema, a branch's the target schema of the dbt
     * environment bound to it (the shared model's schema when none is bound). It reads now and applies
     * what it read when it completes.
     * @param {StoredModel} model @param {StoredBranch | undefined} branch
     */
    startRefresh(model, branch) {
      settleJobs();
      counters.job += 1;
      /** @type {Snapshot | null} */
      let snapshot = readSchema(model.schema);
      /** @type {string | null} */
      let failure = null;
      if (branch?.dbtEnvironmentId) {
        const environment = options.getEnvironment(branch.dbtEnvironmentId);
        if (environment) snapshot = readSchema(environment.targetSchema);
        else {
          snapshot = null;
          failure = `dbt environment ${branch.dbtEnvironmentId} of branch "${branch.name}" no longer exists`;
        }
      }
      /** @type {RefreshJob} */
      const job = {
        id: sequentialId('10b00000', counters.job),
        modelId: model.id,
        branchId: branch?.id ?? null,
        state: 'running',
        startedAt: now(),
        durationMs: switches.refreshDurationMs,
        outcome: switches.refreshOutcome,
        snapshot,
        failure,
      };
      jobs.set(job.id, job);
      return job;
    },
    /** @param {string} jobId */
    getJob(jobId) {
      settleJobs();
      return jobs.get(normalizeId(jobId));
    },
    getJobs() {
      settleJobs();
      return /** @type {RefreshJob[]} */ (clone([...jobs.values()]));
    },
    /**
     * Ends a job now (a hanging one too): `completed` applies what it read, `failed` does not.
     * @param {string} jobId @param {'completed' | 'failed'} state
     */
    setJobState(jobId, state) {
      const job = jobs.get(normalizeId(jobId));
      if (!job) throw new Error(`sandbox has no refresh job ${jobId}`);
      if (job.state !== 'running') return;
      job.outcome = state === 'completed' ? 'complete' : 'fail';
      job.durationMs = Math.max(0, now() - job.startedAt);
      settleJobs();
    },
    /** @param {number} ms */
    setRefreshDuration(ms) {
      assertDuration(ms);
      switches.refreshDurationMs = ms;
    },
    /** @param {'complete' | 'fail' | 'hang'} outcome */
    setRefreshOutcome(outcome) {
      assertOneOf(outcome, REFRESH_OUTCOMES, 'refreshOutcome');
      switches.refreshOutcome = outcome;
    },

    // What Omni computes ---------------------------------------------------------------------------------

    /** @param {StoredModel} model @param {StoredBranch | undefined} branch @returns {ComputedModelIssue[]} */
    validateModel(model, branch) {
      settleJobs();
      const snapshot = seenBy(model, branch);
      /** @type {ComputedModelIssue[]} */
      const issues = [];
      for (const field of model.fields) {
        for (const reference of listReferences(field.sql)) {
          if (snapshot.tables[reference.view]?.includes(reference.field)) continue;
          issues.push({
            message: `Field '${field.view}.${field.name}' references '${reference.view}.${reference.field}', which is not in the schema`,
            isWarning: false,
            view: field.view,
            field: field.name,
            yamlPath: `${field.view}.view`,
          });
        }
      }
      for (const warning of model.warnings) {
        issues.push({
          message: warning.message,
          isWarning: true,
          view: warning.view ?? null,
          field: warning.field ?? null,
          yamlPath: warning.yamlPath ?? null,
        });
      }
      return issues;
    },
    /**
     * The model's documents in scope with the issues of each query and filter, as the content validator
     * sees them from the shared model or the branch.
     * @param {StoredModel} model @param {StoredBranch | undefined} branch @param {ContentScope} scope
     * @returns {ComputedDocument[]}
     */
    validateContent(model, branch, scope) {
      settleJobs();
      const snapshot = seenBy(model, branch);
      return documents
        .filter((d) => d.modelId === model.id)
        .filter((d) => scope.includePersonalFolders || d.isPersonal !== true)
        .filter(
          (d) =>
            scope.folderPaths === null ||
            scope.folderPaths.some((path) =>
              path === '' ? d.folder === null : (d.folder?.path ?? null)?.startsWith(path) === true,
            ),
        )
        .filter((d) => scope.labels === null || d.labels.some((label) => scope.labels?.includes(label)))
        .map((document) => ({
          document,
          queries: document.queries.map((query) => ({
            query,
            issues: query.fields.flatMap((f) => checkReference(model, snapshot, f) ?? []),
          })),
          filterIssues: document.filters.flatMap((f) => checkReference(model, snapshot, f.field) ?? []),
        }));
    },
    /**
     * One record per published dashboard of the model, in identifier order, with a unique deduplication_name
     * (the sanitized name, then `_2`, `_3`… for later ones that collide).
     * @param {StoredModel} model
     */
    listExposures(model) {
      const dashboards = documents
        .filter((d) => d.modelId === model.id && d.kind === 'dashboard' && d.isPublished)
        .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
      const used = new Set();
      return dashboards.map((dashboard) => {
        const name = sanitizeExposureName(dashboard.name);
        let deduplicationName = name;
        for (let n = 2; used.has(deduplicationName); n += 1) deduplicationName = `${name}_${n}`;
        used.add(deduplicationName);
        return {
          dashboard_identifier: dashboard.identifier,
          deduplication_name: deduplicationName,
          exposure:
            dashboard.dbtModels.length === 0
              ? null
              : {
                  name,
                  label: dashboard.name,
                  type: 'dashboard',
                  owner: { ...dashboard.owner },
                  depends_on: dashboard.dbtModels.map((m) => `ref('${m}')`),
                  url: `${options.getBaseUrl()}/dashboards/${dashboard.identifier}`,
                },
        };
      });
    },
  };
}

/** @param {number} ms */
function assertDuration(ms) {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`refresh duration must be a number ≥ 0, got ${ms}`);
}
