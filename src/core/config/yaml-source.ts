// Reads the config file's YAML into plain data and remembers where every key and value stands,
// so each issue can point at a line and column. YAML-level mistakes (syntax, duplicate keys,
// several documents, unknown tags, aliases) are found here; the shape of the data is not.
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  visit,
  type YAMLMap,
} from 'yaml';
import type { SourcePosition } from './types.js';

export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Aliases may expand to at most this many nodes (yaml's own guard against "billion laughs").
 * yaml's default of 100 would refuse a file with 100+ connections merging one anchor.
 */
const MAX_ALIAS_COUNT = 1000;

export type PathSegment = string | number;

export interface YamlProblem {
  position: SourcePosition;
  /** Dotted path of the key concerned, or `(file)`. */
  field: string;
  message: string;
}

export interface SourceMap {
  /** Position of the value at `path`, or of the nearest enclosing node that exists. */
  locateValue(path: readonly PathSegment[]): SourcePosition;
  /** Position of the key at `path` (the last segment), or of the nearest enclosing node. */
  locateKey(path: readonly PathSegment[]): SourcePosition;
  /** The scalar at `path` as written (e.g. `1.10` for the number 1.1), if it is a scalar. */
  readSourceText(path: readonly PathSegment[]): string | undefined;
}

export type ParsedYaml =
  | { ok: true; data: unknown; problems: YamlProblem[]; sourceMap: SourceMap }
  | { ok: false; problems: YamlProblem[] };

const FILE_START: SourcePosition = { line: 1, column: 1 };

/** yaml error codes after which the data is still what the user wrote, so validation can go on. */
const RECOVERABLE_CODES = new Set(['DUPLICATE_KEY', 'TAG_RESOLVE_FAILED']);

export function parseYamlSource(text: string): ParsedYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    const message = `the file is ${bytes} bytes; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB): is this the right file?`;
    return { ok: false, problems: [{ position: FILE_START, field: '(file)', message }] };
  }
  const lineCounter = new LineCounter();
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const documents = parseAllDocuments(text, {
    lineCounter,
    // `<<` merge keys are accepted: users write them to share settings between connections.
    // Positions follow them (see findPair), so an error in merged settings points where it is written.
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const [document, ...extraDocuments] = documents;
  if (!document) {
    // Empty, or comments only: no data, which load.ts reports as an empty file.
    return { ok: true, data: null, problems: [], sourceMap: createSourceMap(undefined, text, toPosition) };
  }

  const problems: YamlProblem[] = [];
  let isFatal = false;
  for (const doc of documents) {
    for (const error of [...doc.errors, ...doc.warnings]) {
      const isRecoverable = RECOVERABLE_CODES.has(error.code);
      if (!isRecoverable) isFatal = true;
      // After a syntax error the tree is a guess, so only recoverable problems name a field.
      const segments = isRecoverable ? findSegmentsAt(doc, error.pos[0]) : [];
      problems.push({
        position: toPosition(error.pos[0]),
        field: formatField(segments),
        message: explainYamlError(error.code, error.message, segments.at(-1), text.slice(...error.pos)),
      });
    }
  }
  const secondDocument = extraDocuments[0];
  if (secondDocument) {
    problems.push({
      position: toPosition(secondDocument.range[0]),
      field: '(file)',
      message: `the file holds ${documents.length} YAML documents; the config holds exactly one: remove this \`---\` and what follows, or merge it into the first document`,
    });
  }
  // Both would make yaml throw (or only warn on the console) while converting, without a position.
  const conversionProblems = [
    ...findUnresolvedAliases(document, toPosition),
    ...findComplexKeys(document, toPosition),
  ];
  problems.push(...conversionProblems);
  if (isFatal || conversionProblems.length > 0) return { ok: false, problems };

  try {
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { ok: true, data, problems, sourceMap: createSourceMap(document, text, toPosition) };
  } catch (error) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount; anything else is a bug.
    if (!(error instanceof ReferenceError)) throw error;
    problems.push({
      position: toPosition(findAliasBombStart(document)),
      field: '(file)',
      message: `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an "alias bomb"): use each anchor a few times and do not nest aliases of aliases`,
    });
    return { ok: false, problems };
  }
}

function explainYamlError(
  code: string,
  message: string,
  key: PathSegment | undefined,
  sourceText: string,
): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key \`${key}\`: YAML keeps only one of them; remove one or rename it`;
    case 'TAG_RESOLVE_FAILED':
      return `unknown tag \`${sourceText}\`: the file is read as plain YAML and tags like \`!env\` are not expanded; write the value itself (standard tags such as \`!!str\` are fine)`;
    default:
      return `YAML syntax error: ${message.split('\n')[0]}; fix the YAML (indent with spaces, close quotes and brackets)`;
  }
}

/** Aliases that point at no anchor. */
function findUnresolvedAliases(
  document: Document,
  toPosition: (offset: number) => SourcePosition,
): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(document, {
    Alias(_key, alias, path) {
      if (alias.resolve(document)) return;
      problems.push({
        position: toPosition(alias.range?.[0] ?? 0),
        field: formatField(segmentsOf(path, alias)),
        message: `alias \`*${alias.source}\` refers to no anchor: define \`&${alias.source}\` before using it`,
      });
    },
  });
  return problems;
}

/** Mapping keys that are lists or mappings: JS objects cannot hold them (yaml would only warn). */
function findComplexKeys(document: Document, toPosition: (offset: number) => SourcePosition): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(document, {
    Pair(_key, pair, path) {
      if (!isCollection(pair.key)) return;
      problems.push({
        position: toPosition(pair.key.range?.[0] ?? 0),
        field: formatField(segmentsOf(path, pair)),
        message: 'keys must be plain names, not lists or mappings',
      });
    },
  });
  return problems;
}

/** The first alias that points at something holding aliases itself: where expansion multiplies. */
function findAliasBombStart(document: Document): number {
  let first: number | undefined;
  let nested: number | undefined;
  visit(document, {
    Alias(_key, alias) {
      first ??= alias.range?.[0];
      const target = alias.resolve(document);
      if (nested === undefined && target && containsAlias(target)) nested = alias.range?.[0];
    },
  });
  return nested ?? first ?? 0;
}

function containsAlias(node: Node): boolean {
  let isFound = false;
  visit(node, {
    Alias() {
      isFound = true;
      return visit.BREAK;
    },
  });
  return isFound;
}

/** The path of the first key or value at or after `offset` (where yaml reports a problem). */
function findSegmentsAt(document: Document, offset: number): PathSegment[] {
  let best: { start: number; segments: PathSegment[] } | undefined;
  visit(document, {
    Node(key, node, path) {
      const start = node.range?.[0];
      if (start === undefined || start < offset || (best && best.start <= start)) return;
      const segments = segmentsOf(path, node);
      // A key scalar: its path is the map's, plus the key itself.
      if (key === 'key' && isScalar(node)) segments.push(describeKey(node.value));
      best = { start, segments };
    },
  });
  return best?.segments ?? [];
}

/** Turns yaml's ancestor list (document, maps, pairs, seqs) into path segments ending at `node`. */
function segmentsOf(ancestors: readonly unknown[], node: unknown): PathSegment[] {
  const segments: PathSegment[] = [];
  ancestors.forEach((ancestor, index) => {
    const child = ancestors[index + 1] ?? node;
    if (isPair(ancestor) && isScalar(ancestor.key) && child === ancestor.value) {
      segments.push(describeKey(ancestor.key.value));
    } else if (isSeq(ancestor)) {
      segments.push(ancestor.items.indexOf(child as Node));
    }
  });
  return segments;
}

/** A merge key's scalar holds a symbol; it reads `<<` in the file. */
function describeKey(value: unknown): string {
  return typeof value === 'symbol' ? '<<' : String(value);
}

export function formatField(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '(file)';
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      // A key that is empty or holds spaces, dots or brackets (a variable name can) is quoted.
      if (!/^[^\s.[\]"]+$/.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}

function createSourceMap(
  document: Document | undefined,
  text: string,
  toPosition: (offset: number) => SourcePosition,
): SourceMap {
  const startOf = (node: unknown): SourcePosition =>
    isNodeWithRange(node) ? toPosition(node.range[0]) : FILE_START;

  const find = (path: readonly PathSegment[]) => {
    let node: unknown = document?.contents;
    let keyNode: unknown = node;
    let isComplete = true;
    for (const segment of path) {
      const container = resolveAlias(document, node);
      const pair = isMap(container) ? findPair(document, container, segment) : undefined;
      if (pair) {
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(container) && typeof segment === 'number' && container.items[segment] !== undefined) {
        node = container.items[segment];
        keyNode = node;
      } else {
        isComplete = false;
        break;
      }
    }
    return { node, keyNode, isComplete };
  };

  return {
    locateValue(path) {
      const { node, keyNode } = find(path);
      // An empty value (`branch:`) has a zero-width node after the colon: point at the key instead.
      const isEmpty = isNodeWithRange(node) && node.range[0] === node.range[1];
      return startOf(isEmpty ? keyNode : (node ?? keyNode));
    },
    locateKey(path) {
      const { keyNode, node } = find(path);
      return startOf(keyNode ?? node);
    },
    readSourceText(path) {
      const { node, isComplete } = find(path);
      if (!isComplete || !isScalar(node) || !node.range) return undefined;
      return text.slice(node.range[0], node.range[1]);
    },
  };
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && 'range' in node && Array.isArray(node.range);
}

function resolveAlias(document: Document | undefined, node: unknown): unknown {
  return document && isAlias(node) ? node.resolve(document) : node;
}

/**
 * The pair that gives `key` its value: the last one written in the map (as yaml's toJS keeps the
 * last), else one from a `<<` merge key (the first source that has it, as the merge spec says).
 */
function findPair(document: Document | undefined, map: YAMLMap, key: PathSegment): Pair | undefined {
  const own = map.items.findLast((pair) => isScalar(pair.key) && String(pair.key.value) === String(key));
  if (own) return own;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
    const value = resolveAlias(document, pair.value);
    const sources = isSeq(value) ? value.items.map((item) => resolveAlias(document, item)) : [value];
    for (const source of sources) {
      const found = isMap(source) ? findPair(document, source, key) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
