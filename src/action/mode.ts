// Decides dry-run or apply from the `mode` input and the triggering event (README, "Inputs").

import type { Mode } from '../core/run/types.js';
import type { ModeInput } from './inputs.js';

export interface EventContext {
  eventName: string;
  /** GITHUB_REF, e.g. refs/heads/main. */
  ref: string;
  /** The repository's default branch from the event payload, when the payload has one. */
  defaultBranch?: string;
}

/**
 * `auto` applies only for `push` and `workflow_dispatch` on the default branch. Anything we
 * cannot prove to be that (an unknown default branch, another event) is a dry-run: the
 * safe side of the choice.
 */
export function resolveMode(modeInput: ModeInput, event: EventContext): Mode {
  if (modeInput !== 'auto') return modeInput;
  const isApplyEvent = event.eventName === 'push' || event.eventName === 'workflow_dispatch';
  const isDefaultBranch =
    event.defaultBranch !== undefined && event.ref === `refs/heads/${event.defaultBranch}`;
  return isApplyEvent && isDefaultBranch ? 'apply' : 'dry-run';
}
