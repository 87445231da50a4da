// The benchmark of schema refresh schedules (README, "Schema refresh schedules"): the built action applying
// `count` connections with two schedules each, one changed (a create and a delete with prune), at the rate
// limit, against the sandbox on loopback. Returns plain figures: wall time against the sliding-window bound
// of the requests it sent, the requests against the minimum, 429s, failures, and what Omni holds afterwards.
import { generateConnectionsWithSchedules, NEW_SCHEDULE, REPLACED_SCHEDULE } from './fixtures.js';
import { applyAtRateLimit } from './measure.js';

const TOKEN = 'bench-token';

/** @param {{ count: number, perMinute: number, latencyMs: number, actionEntry: string }} options */
export async function measureSchedulesApply({ count, perMinute, latencyMs, actionEntry }) {
  const fixture = generateConnectionsWithSchedules(count);
  return applyAtRateLimit(
    fixture,
    { perMinute, latencyMs, actionEntry },
    ({ run, sandbox, timeAgainstBounds }) => {
      const served = sandbox.requests.filter((r) => r.status !== 429);
      const rateLimited = sandbox.requests.length - served.length;
      const settingsReads = served.filter((r) => r.route === 'dbt' && r.method === 'GET').length;
      const settingsWrites = served.filter((r) => r.route === 'dbt' && r.method !== 'GET').length;
      const schedules = served.filter((r) => r.route === 'schedules');
      const creates = schedules.filter((r) => r.method === 'POST').length;
      const deletes = schedules.filter((r) => r.method === 'DELETE').length;
      const updates = schedules.filter((r) => r.method === 'PUT').length;
      const lists = schedules.filter((r) => r.method === 'GET').length;
      const outcome = JSON.parse(run.outputs.result ?? '{"connections":[]}');
      /** @type {{ status: string }[]} */
      const connections = outcome.connections;
      // What Omni holds afterwards: on every connection the kept and the new schedule, the replaced one gone.
      const schedulesAsInFile = fixture.ids.filter((id) => {
        const held = sandbox.getSchedules(id);
        const has = (/** @type {{ schedule: string, timezone: string }} */ pair) =>
          held.some((s) => s.schedule === pair.schedule && s.timezone === pair.timezone);
        return held.length === 2 && has(NEW_SCHEDULE) && !has(REPLACED_SCHEDULE);
      }).length;
      return {
        count,
        perMinute,
        latencyMs,
        exitCode: run.exitCode,
        requests: served.length,
        rateLimited,
        // The least any run needs: a settings read and a schedule list per connection, then its two writes.
        minimumRequests: count * 4,
        settingsReads,
        settingsWrites,
        creates,
        deletes,
        updates,
        // One list before and one read-back after the writes, per connection.
        lists,
        failed: Number(run.outputs.failed ?? Number.NaN),
        applied: connections.filter((c) => c.status === 'applied').length,
        schedulesAsInFile,
        isTokenShown: [
          run.stdout.replace(/^::add-mask::.*$/gm, ''),
          run.stderr,
          run.summary,
          ...Object.values(run.outputs),
        ]
          .join('\n')
          .includes(TOKEN),
        ...timeAgainstBounds(served.length),
      };
    },
  );
}
