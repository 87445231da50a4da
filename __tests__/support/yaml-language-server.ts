// A minimal Language Server Protocol client for the YAML language server (npm yaml-language-server, the
// engine of VS Code's YAML extension) over stdio: JSON-RPC messages framed by Content-Length headers
// (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/#baseProtocol).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
}

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };

export interface YamlLanguageServer {
  /** Opens a document and resolves with the first diagnostics the server publishes for it. */
  validate(filePath: string, text: string): Promise<Diagnostic[]>;
  /** The http(s) schema URLs the server asked this client for (`vscode/content`), in order. */
  requestedSchemas: string[];
  close(): Promise<void>;
}

function locateServerBin(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve('yaml-language-server/package.json')),
    'bin',
    'yaml-language-server',
  );
}

export interface StartYamlLanguageServerOptions {
  /**
   * Schema URLs the client serves from local files, as VS Code's extension serves every http(s) schema the
   * server asks for (`vscode/content`): a `$schema=` line with the published URL then reads the committed
   * schema, with no network. Any other URL is refused.
   */
  servedSchemas?: Record<string, string>;
}

/** Starts the server with `schemaPath` associated to every `*.yml`/`*.yaml` file, as the editor setting `yaml.schemas` does. */
export async function startYamlLanguageServer(
  schemaPath: string,
  options: StartYamlLanguageServerOptions = {},
): Promise<YamlLanguageServer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [locateServerBin(), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const yamlSettings = {
    validate: true,
    hover: true,
    completion: true,
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(schemaPath).href]: ['*.yml', '*.yaml'] },
  };
  let onConfigurationServed: () => void = () => {};
  const configurationServed = new Promise<void>((resolve) => (onConfigurationServed = resolve));
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map<number, (message: Message) => void>();
  const diagnosticWaiters = new Map<string, (diagnostics: Diagnostic[]) => void>();
  const requestedSchemas: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));

  const send = (message: Message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (method: string, params: unknown) =>
    new Promise<Message>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });

  const handle = (message: Message) => {
    if (message.method === undefined && message.id !== undefined) {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      diagnosticWaiters.get(uri)?.(diagnostics);
      diagnosticWaiters.delete(uri);
      return;
    }
    if (message.method === 'vscode/content' && message.id !== undefined) {
      requestedSchemas.push(String(message.params));
      const served = options.servedSchemas?.[String(message.params)];
      send(
        served === undefined
          ? {
              id: message.id,
              error: { code: -32603, message: `no schema served at ${String(message.params)}` },
            }
          : { id: message.id, result: readFileSync(served, 'utf8') },
      );
      return;
    }
    // The server pulls its settings (workspace/configuration) whatever didChangeConfiguration carries;
    // other requests from it (client/registerCapability, …) get an empty answer so it goes on.
    if (message.id !== undefined) {
      if (message.method !== 'workspace/configuration') {
        send({ id: message.id, result: null });
        return;
      }
      const { items } = message.params as { items: { section?: string }[] };
      send({
        id: message.id,
        result: items.map(({ section }) => (section === 'yaml' ? yamlSettings : null)),
      });
      onConfigurationServed();
    }
  };

  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      handle(JSON.parse(body) as Message);
    }
  });

  const initialized = await request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  if (initialized.error !== undefined)
    throw new Error(
      `yaml-language-server refused initialize: ${JSON.stringify(initialized.error)}\n${stderr}`,
    );
  send({ method: 'initialized', params: {} });
  // Schemas at http(s) URLs come from this client, as in VS Code (yaml/registerContentRequest).
  send({ method: 'yaml/registerContentRequest', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: yamlSettings } } });
  await configurationServed;

  let version = 0;
  return {
    requestedSchemas,
    validate(filePath, text) {
      const uri = pathToFileURL(filePath).href;
      const diagnostics = new Promise<Diagnostic[]>((resolve) => diagnosticWaiters.set(uri, resolve));
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: ++version, text } },
      });
      return diagnostics;
    },
    async close() {
      await request('shutdown', null);
      send({ method: 'exit' });
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
