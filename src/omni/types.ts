// What the rest of the action sees of Omni: the live dbt configuration and a client that reads and writes it.
import type { DbtConfigBody } from '../config/types.js';

/** GET /v1/connections/{connectionId}/dbt, the contract's two 200 shapes. */
export type LiveDbtConfig =
  | {
      isConfigured: true;
      supportsDbt: true;
      sshUrl: string;
      branch: string;
      autogenRelationships: boolean;
      enableVirtualSchemas: boolean;
      enableSemanticLayer: boolean;
      projectRootPath: string | null;
      dbtVersion: string;
    }
  | { isConfigured: false; supportsDbt: boolean; message: string };

/** The body of PUT /v1/connections/{connectionId}/dbt. */
export type DbtPutBody = DbtConfigBody & { rotateKeys?: boolean };

export interface OmniClient {
  getDbtConfig(connectionId: string): Promise<LiveDbtConfig>;
  /** Resolves only on 2xx with `success: true`; otherwise throws an OmniError. */
  putDbtConfig(connectionId: string, body: DbtPutBody): Promise<{ message: string }>;
}
