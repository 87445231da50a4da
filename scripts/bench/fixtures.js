// Generated config files and sandbox states for the benchmark: n connections whose live dbt settings
// differ from the file (every one needs a PUT), or match it (validation and dry-run only).

/** @param {number} index @returns {string} a valid, stable connection UUID */
export function makeConnectionId(index) {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/**
 * @param {number} count
 * @returns {{ configText: string, seed: { connections: Record<string, object> }, ids: string[] }}
 */
export function generateChangedConnections(count) {
  const ids = Array.from({ length: count }, (_, i) => makeConnectionId(i + 1));
  const lines = [
    'version: 1',
    'defaults:',
    '  sshUrl: git@github.com:acme/analytics.git',
    '  branch: main',
    '  dbtVersion: "1.11"',
    '  autogenRelationships: true',
    '  enableVirtualSchemas: true',
    'connections:',
  ];
  /** @type {Record<string, object>} */
  const connections = {};
  ids.forEach((id, i) => {
    lines.push(`  - id: ${id}`, `    name: Connection ${i + 1}`, `    projectRootPath: models/c${i + 1}`);
    connections[id] = {
      name: `Connection ${i + 1}`,
      dialect: 'snowflake',
      supportsDbt: true,
      // One field differs (branch), so the plan is an update and the apply a PUT.
      dbt: {
        sshUrl: 'git@github.com:acme/analytics.git',
        branch: 'old-branch',
        autogenRelationships: true,
        enableVirtualSchemas: true,
        enableSemanticLayer: false,
        projectRootPath: `models/c${i + 1}`,
        dbtVersion: '1.11',
      },
    };
  });
  return { configText: `${lines.join('\n')}\n`, seed: { connections }, ids };
}
